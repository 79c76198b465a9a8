/*
 * One status line that rewrites itself on a terminal (carriage return, then erase to the end of
 * the line) and writes nothing anywhere else, so that a log file or a pipe gets only the summary.
 */

export interface LineTarget {
  isTTY?: boolean;
  /** Terminal width; the line is cut to fit, as a wrapped line cannot be rewritten. */
  columns?: number;
  write(text: string): boolean;
}

const ERASE_TO_END = '\x1b[K';

export class LiveLine {
  private shown = false;
  private lastAt = -Infinity;

  /** `minIntervalMs`: updates closer together than this are skipped, except forced ones. */
  constructor(private readonly out: LineTarget, private readonly now: () => number = Date.now, private readonly minIntervalMs = 100) {}

  get live(): boolean {
    return this.out.isTTY === true;
  }

  update(text: string, force = false): void {
    if (!this.live) return;
    const at = this.now();
    if (!force && at - this.lastAt < this.minIntervalMs) return;
    this.lastAt = at;
    // A pseudo-terminal may report 0 columns: take the usual 80 then.
    const width = Math.max((this.out.columns || 80) - 1, 10);
    const fitted = text.length > width ? `${text.slice(0, width - 1)}…` : text;
    this.out.write(`\r${fitted}${ERASE_TO_END}`);
    this.shown = true;
  }

  /** Removes the line, so that what follows starts on a clean one. */
  clear(): void {
    if (!this.shown) return;
    this.out.write(`\r${ERASE_TO_END}`);
    this.shown = false;
  }
}
