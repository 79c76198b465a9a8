import type { ApiClient, Query } from '../http/client.js';
import type { ResolvedConfig } from '../config.js';
import type { JsonObject, SyncMode } from '../protocol/messages.js';
import type { StreamRecordMap } from '../generated/records.js';

export type StreamName = keyof StreamRecordMap & string;
/** A stream the config makes (the per-type activities layout), with no schema file of its own. */
export type ActivityTypeStreamName = `activities_${string}`;

/** How a list endpoint pages. */
export type Pagination =
  | { kind: 'none' }
  /** `next` in the body goes back as `start`; `limit` is the page size when the endpoint takes one. */
  | { kind: 'cursor'; limit?: number }
  /** Numeric `offset` + `limit`; a short page ends the list. */
  | { kind: 'offset'; limit: number }
  /** Not a list: the envelope holds one object, the response's only record (a segment's used_by). */
  | { kind: 'single' };

/** The parent a child stream fans out from, and which parent fields it copies onto each record. */
export interface ParentRef {
  stream: StreamName;
  /** child record field (and path placeholder) -> parent record field */
  fields: Record<string, string>;
}

export interface CursorSpec {
  field: string;
  /**
   * client: the list cannot be filtered server-side; read it and keep records at or after the cursor minus the lookback.
   * window: the endpoint takes start_ts/end_ts on this field.
   * newest_first: the list is ordered newest first; stop once a page is wholly older than the bound.
   */
  filter: 'client' | 'window' | 'newest_first';
}

/** One row per stream: everything the generic reader needs to know about an endpoint. */
export interface StreamDefinition {
  name: StreamName | ActivityTypeStreamName;
  /** Path after /v1, with {placeholders} filled from the parent fields. */
  path: string;
  method?: 'GET' | 'POST';
  /** Key of the array in the response body. */
  envelope: string;
  primaryKey: string[][];
  cursor?: CursorSpec;
  parent?: ParentRef;
  pagination: Pagination;
  /** Fixed query parameters. */
  query?: Query;
  /** Per-config query parameters (filters the user chose). */
  configQuery?: (config: ResolvedConfig) => Query;
  /** Reshapes one item of the envelope (for metrics, one row built from it) into a record; the item (with `shape`) when absent. */
  toRecord?: (item: unknown) => JsonObject;
  /** The types and URLs brought back to what the schema declares, when the record is the item itself (see shape.ts). */
  shape?: Shape;
  /** Streams that are not a plain list name their reader here (see streams/custom). */
  custom?: CustomKind;
  /** Streams made from the config: their JSON schema, in place of schemas/streams/<name>.json. */
  schema?: JsonObject;
  /** Per-type activities streams: the activity type they hold, or every type but the listed ones (the catch-all). */
  activities?: { type: string } | { otherThan: readonly string[] };
  /** Holds personal data: left out of suggestedStreams. */
  personal?: boolean;
  /** Body of the one-item request discover sends to see whether the key may read this endpoint (POST endpoints). */
  probeBody?: JsonObject;
  /** Metrics streams: which API version and response shape. */
  metrics?: MetricsSpec;
  /** POST list endpoints: the request body, built from the parent fields. */
  body?: (fields: JsonObject) => JsonObject;
  /**
   * Lists the API splits by a fixed parameter: read once per value, and (for a path
   * placeholder) tag each record with the value under the parameter's name.
   */
  partitions?: { param: string; values: readonly string[]; in: 'path' | 'query' };
  /**
   * Partitioned lists the API also keeps per value of a config list (suppressions per sending
   * domain): every partition is read again from `path` for each value, and each record carries
   * the value under `param`, or `unscoped` when it comes from the stream's own path.
   */
  scopes?: { param: string; values: (config: ResolvedConfig) => readonly string[]; path: string; pagination: Pagination; unscoped: string };
  /** Windowed deliveries: the widest start_ts/end_ts range, in days, one request may ask for (API.md §1.6). */
  windowDays?: number;
  /** Parent lists: how many of their items have their children read at once (default 4). */
  childConcurrency?: number;
  /** Parent lists: how a child's 404 for an item deleted mid-sync is logged (default warn). */
  childNotFound?: 'warn' | 'debug';
  /** The request body a root list sends, from the config (a search filter). */
  configBody?: (config: ResolvedConfig) => JsonObject;
  /** Reshapes a record by the config (e.g. keeps the chosen attributes). */
  configRecord?: (record: JsonObject, config: ResolvedConfig) => JsonObject;
  /**
   * Children read for many parent items per request: `size` items a call, each item's
   * `parentField` sent in the body `body` builds.
   */
  batch?: { size: number; parentField: string; body: (ids: string[]) => JsonObject };
}

/**
 * What an item of an API answer needs to become a record of its declared types (shape.ts applies
 * it to parsed items, encode/ to the answer's bytes): Customer.io serialises the same field
 * differently from one answer to the next (API.md §1.5, §2.2, §2.16, §2.24, §5.6).
 */
export interface Shape {
  /** Declared integer: a numeric string becomes a number. */
  integers?: readonly string[];
  /** Declared string: a number becomes a string. */
  strings?: readonly string[];
  /** Declared array of integers: numeric-string items become numbers. */
  integerLists?: readonly string[];
  /** URLs that may carry user:password@, which is removed. */
  urls?: readonly string[];
  /** Objects, or arrays of objects, with a shape of their own. */
  nested?: Readonly<Record<string, Shape>>;
}

/** Records of one page as RECORD lines, encoded from the answer's bytes (streams/encode). */
export interface EncodedRecords {
  /** Complete RECORD lines, each ending in "\n". */
  bytes: Buffer;
  count: number;
  /** Paths of the fields left out (undeclared), for the log. */
  dropped: string[];
}

export interface EncodedPage {
  records: EncodedRecords;
  /** Items in the envelope, kept or not (pagination ends on an empty page). */
  items: number;
  /** The page's `next`, as pagination reads it. */
  next: unknown;
}

/** Turns a page's bytes into record lines; undefined gives the page back, to be parsed. */
export interface PageEncoding {
  encode(src: Buffer): EncodedPage | undefined;
}

/** Keep only records whose top-level `field`, as text, is one of `values` (message types). */
export interface RecordFilter { field: string; values: readonly string[] }

/** A page encoder for a stream's reads (with the extra fields and the filter of one read), or undefined: parse its pages. */
export type EncoderFactory = (def: StreamDefinition, extra?: JsonObject, keep?: RecordFilter) => PageEncoding | undefined;

export interface MetricsSpec {
  /** 1: period + steps, buckets in US Eastern time; 2: res + start/end in UTC. */
  version: 1 | 2;
  /** series: metric.series arrays; journey: journey_metric arrays; links: one series set per link. */
  shape: 'series' | 'journey' | 'links';
  /** Buckets asked for with period=months (v1 allows 121 for newsletters; the default elsewhere is 12). */
  monthSteps?: number;
  /** Copy the channel `type` the response carries inside `metric` into a column. */
  typeColumn?: boolean;
}

export type CustomKind = 'messages' | 'activities' | 'activity_types' | 'partitioned';

/** What a reader yields: records, checkpoints (states), and logs, in the order they must be written. */
export type ReadEvent =
  /** The records of one page, in order: one event instead of one per record keeps a large read cheap. */
  | { type: 'records'; stream: string; data: JsonObject[] }
  /** The records of one page, already serialised as RECORD lines (streams/encode). */
  | { type: 'encoded'; stream: string; data: EncodedRecords }
  | { type: 'state'; stream: string; state: JsonObject }
  | { type: 'log'; level: 'WARN' | 'INFO' | 'DEBUG'; message: string }
  /** One stream of a shared pass failed; the pass goes on for the others. */
  | { type: 'failed'; stream: string; error: unknown };

export interface ReadContext {
  config: ResolvedConfig;
  client: ApiClient;
  /** Seconds since epoch at the start of the sync: the upper bound of every window this sync reads. */
  syncStartedAt: number;
  /** The sync's clock (ms since the epoch), for readers whose requests depend on the time they are sent. */
  now: () => number;
  /** Encoders that turn pages into record lines without parsing them; without it every page is parsed. */
  encoders?: EncoderFactory | undefined;
}

export interface StreamRun {
  def: StreamDefinition;
  syncMode: SyncMode;
  /** The stream_state given for this stream, or undefined. */
  state: JsonObject | undefined;
}

export function isObject(value: unknown): value is JsonObject {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}
