import type { Writable } from 'node:stream';
import type { AirbyteMessage, JsonObject, LogLevel, RecordMessage } from './messages.js';
import { logMessage } from './messages.js';

/** Records are written in chunks of about this many bytes: one stdout write per record cost most of a read's CPU. */
const CHUNK_LENGTH = 256 * 1024;

/** One JSON line of a message other than a record (records go through writeRecords). */
function serialize(message: Exclude<AirbyteMessage, RecordMessage>): string {
  let line = JSON.stringify(message);
  // The protocol types recordCount as a double ("5.0"); JSON.stringify drops the fraction of whole numbers.
  if (message.type === 'STATE') line = line.replace(/("recordCount":)(\d+)(?=[,}])/, '$1$2.0');
  return `${line}\n`;
}

/**
 * The one writer to stdout. Every message becomes one JSON line; secrets are masked in the
 * serialized output, so no code path can leak them. Records are buffered into large writes and
 * any other message flushes them first; every write resolves once the sink has room again, which
 * gives record streaming real backpressure.
 */
export class MessageWriter {
  private readonly secrets: string[];
  /** The secrets as UTF-8, to search the encoded chunks. */
  private readonly secretBytes: Buffer[];
  /**
   * Lines waiting, with their length in UTF-8 bytes: each is encoded straight into the chunk.
   * Joining many record strings into one before encoding cost several times what the encoding
   * does, and a Buffer per line held more memory.
   */
  private pending: string[] = [];
  private pendingLength = 0;

  /** DEBUG logs are written only when asked for (--debug or LOG_LEVEL=debug), as Airbyte sources do. */
  constructor(private readonly sink: Writable, private readonly debug = false, secrets: readonly string[] = []) {
    this.secrets = secrets.filter((s) => s.length >= 4);
    this.secretBytes = this.secrets.map((s) => Buffer.from(s, 'utf8'));
  }

  addSecret(secret: string): void {
    if (secret.length >= 4 && !this.secrets.includes(secret)) {
      this.secrets.push(secret);
      this.secretBytes.push(Buffer.from(secret, 'utf8'));
    }
  }

  private add(line: string): void {
    this.pending.push(line);
    this.pendingLength += Buffer.byteLength(line, 'utf8');
  }

  mask(text: string): string {
    let out = text;
    for (const secret of this.secrets) {
      if (out.includes(secret)) out = out.split(secret).join('****');
    }
    return out;
  }

  async write(message: AirbyteMessage): Promise<void> {
    if (message.type === 'RECORD') {
      await this.writeRecords(message.record.stream, [message.record.data], message.record.emitted_at);
      return;
    }
    this.add(serialize(message));
    // Anything but a record (a checkpoint, a log, a status) goes out at once, after the records
    // before it, so a STATE never reaches stdout ahead of what it covers.
    await this.writePending();
  }

  /** Records of one stream, the envelope serialized once: they go out in chunks of CHUNK_LENGTH. */
  async writeRecords(stream: string, data: readonly JsonObject[], emittedAt: number): Promise<void> {
    const head = `{"type":"RECORD","record":{"stream":${JSON.stringify(stream)},"data":`;
    const tail = `,"emitted_at":${emittedAt}}}\n`;
    for (const d of data) this.add(head + JSON.stringify(d) + tail);
    if (this.pendingLength >= CHUNK_LENGTH) await this.writePending();
  }

  private async toSink(chunk: Buffer): Promise<void> {
    if (!this.sink.write(chunk)) {
      await new Promise<void>((resolve) => this.sink.once('drain', resolve));
    }
  }

  /**
   * Hands the buffered lines to the sink as one write, masked, waiting while it is full. The
   * chunk is searched as bytes; only a chunk that holds a secret is decoded, masked and encoded again.
   */
  private async writePending(): Promise<void> {
    if (this.pending.length === 0) return;
    // Its own memory, not a slice of Node's pool: the chunk is released as soon as it is written.
    let bytes = Buffer.allocUnsafeSlow(this.pendingLength);
    let at = 0;
    for (const line of this.pending) at += bytes.write(line, at, 'utf8');
    this.pending = [];
    this.pendingLength = 0;
    // A secret holds no newline, so masking the chunk masks each line.
    if (this.secretBytes.some((secret) => bytes.includes(secret))) bytes = Buffer.from(this.mask(bytes.toString('utf8')), 'utf8');
    await this.toSink(bytes);
  }

  log(level: LogLevel, message: string): Promise<void> {
    if (level === 'DEBUG' && !this.debug) return Promise.resolve();
    return this.write(logMessage(level, message));
  }

  /** Waits until everything written so far has been handed to the OS. */
  async flush(): Promise<void> {
    await this.writePending();
    await new Promise<void>((resolve) => this.sink.write('', () => resolve()));
  }
}

