// Token bucket: `rate` tokens per second, capacity `rate`, shared by the whole server
// (the real limit is 10 requests/s per key; the fake serves one key).
export class TokenBucket {
  private tokens: number;
  private last: number;

  /** `rate` 0 or Infinity means unlimited. */
  constructor(
    private readonly rate: number,
    private readonly clock: () => number = () => performance.now(),
  ) {
    this.tokens = rate;
    this.last = clock();
  }

  get unlimited(): boolean {
    return this.rate === 0 || !Number.isFinite(this.rate);
  }

  /** Takes one token; false when the bucket is empty. */
  take(): boolean {
    if (this.unlimited) return true;
    const now = this.clock();
    this.tokens = Math.min(this.rate, this.tokens + ((now - this.last) / 1000) * this.rate);
    this.last = now;
    if (this.tokens < 1) return false;
    this.tokens -= 1;
    return true;
  }
}
