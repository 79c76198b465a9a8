import type { Writable } from 'node:stream';
import type { AirbyteMessage, LogLevel } from './messages.js';
import { logMessage } from './messages.js';

/**
 * The one writer to stdout. Every message becomes one JSON line; secrets are masked in the
 * serialized line, so no code path can leak them; `write` resolves once the sink has room
 * again, which gives record streaming real backpressure.
 */
export class MessageWriter {
  private readonly secrets: string[];

  /** DEBUG logs are written only when asked for (--debug or LOG_LEVEL=debug), as Airbyte sources do. */
  constructor(private readonly sink: Writable, private readonly debug = false, secrets: readonly string[] = []) {
    this.secrets = secrets.filter((s) => s.length >= 4);
  }

  addSecret(secret: string): void {
    if (secret.length >= 4 && !this.secrets.includes(secret)) this.secrets.push(secret);
  }

  mask(text: string): string {
    let out = text;
    for (const secret of this.secrets) {
      if (out.includes(secret)) out = out.split(secret).join('****');
    }
    return out;
  }

  async write(message: AirbyteMessage): Promise<void> {
    let line = this.mask(JSON.stringify(message));
    // The protocol types recordCount as a double ("5.0"); JSON.stringify drops the fraction of whole numbers.
    if (message.type === 'STATE') line = line.replace(/("recordCount":)(\d+)(?=[,}])/, '$1$2.0');
    line += '\n';
    if (!this.sink.write(line)) {
      await new Promise<void>((resolve) => this.sink.once('drain', resolve));
    }
  }

  log(level: LogLevel, message: string): Promise<void> {
    if (level === 'DEBUG' && !this.debug) return Promise.resolve();
    return this.write(logMessage(level, message));
  }

  /** Waits until everything written so far has been handed to the OS. */
  flush(): Promise<void> {
    return new Promise((resolve) => this.sink.write('', () => resolve()));
  }
}

