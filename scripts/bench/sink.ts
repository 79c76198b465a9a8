/**
 * Where the connector's stdout goes during a benchmark: it counts RECORD lines without decoding
 * them, so the benchmark drains stdout faster than the connector fills it (backpressure would
 * otherwise time the benchmark, not the connector), and keeps every other line (STATE, LOG,
 * TRACE: few and small) as text.
 */
const RECORD_PREFIX = Buffer.from('{"type":"RECORD"');

export class OutputSink {
  records = 0;
  bytes = 0;
  /** Every line that is not a record, in order. */
  readonly others: string[] = [];
  /** The current line's bytes while it is not known to be a record. */
  private line: Buffer[] = [];
  private lineLength = 0;
  private isRecord: boolean | undefined;

  write(chunk: Buffer): void {
    this.bytes += chunk.length;
    let pos = 0;
    while (pos < chunk.length) {
      const nl = chunk.indexOf(10, pos);
      const piece = chunk.subarray(pos, nl === -1 ? chunk.length : nl);
      if (this.isRecord === undefined && this.lineLength === 0 && piece.length >= RECORD_PREFIX.length) {
        // The common case, decided without copying.
        this.isRecord = piece.subarray(0, RECORD_PREFIX.length).equals(RECORD_PREFIX);
      }
      if (this.isRecord !== true) {
        this.line.push(piece);
        this.lineLength += piece.length;
        if (this.isRecord === undefined && (this.lineLength >= RECORD_PREFIX.length || nl !== -1)) {
          this.isRecord = Buffer.concat(this.line).subarray(0, RECORD_PREFIX.length).equals(RECORD_PREFIX);
        }
      }
      if (nl === -1) return;
      this.endLine();
      pos = nl + 1;
    }
  }

  /** Call once stdout has closed: a last line without a newline still counts. */
  end(): void {
    if (this.lineLength > 0 || this.isRecord === true) this.endLine();
  }

  private endLine(): void {
    if (this.isRecord === true) this.records++;
    else if (this.lineLength > 0) this.others.push(Buffer.concat(this.line).toString('utf8'));
    this.line = [];
    this.lineLength = 0;
    this.isRecord = undefined;
  }
}
