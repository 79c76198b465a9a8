// Preloaded into the connector by tests (node --import) to run it on the fixture workspace's
// clock: CIO_TEST_CLOCK_AT (ms since the epoch) becomes "now" at start-up, and time then runs on
// from there. The fixture's records depend on "now" (metrics ranges, windows), so sharing one
// clock between the fake and the read makes the expected records exact on any real date.
const at = Number(process.env.CIO_TEST_CLOCK_AT);
if (Number.isFinite(at) && at > 0) {
  const RealDate = Date;
  const offset = at - RealDate.now();
  class ShiftedDate extends RealDate {
    constructor(...args) {
      if (args.length === 0) super(RealDate.now() + offset);
      else super(...args);
    }
    static now() {
      return RealDate.now() + offset;
    }
  }
  globalThis.Date = ShiftedDate;
}
