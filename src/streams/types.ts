import type { ApiClient, Query } from '../http/client.js';
import type { ResolvedConfig } from '../config.js';
import type { JsonObject } from '../json.js';
import type { SyncMode } from '../protocol/messages.js';
import type { StreamRecordMap } from '../generated/records.js';
import type { RecordBuilders } from './records.js';
import type { PeopleCollector } from './bulk/people.js';
import type { IdLookup } from './bulk/id-set.js';

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
  /** Numbered pages (`page`, from `first`) of `limit` items; a short page ends the list. */
  | { kind: 'page'; limit: number; first: 0 | 1 }
  /** Not a list: the envelope holds one object, the response's only record (a segment's used_by). */
  | { kind: 'single' };

/** The parent a child stream fans out from, and which parent fields it copies onto each record. */
export interface ParentRef {
  stream: StreamName;
  /** child record field (and path placeholder) -> parent record field */
  fields: Record<string, string>;
}

/**
 * What an item of an API answer needs to become a record of its declared types (records.ts):
 * Customer.io serialises the same field differently from one answer to the next (API.md §1.5,
 * §2.2, §2.16, §2.24, §5.6).
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

/** What every row has, whatever its kind of read. */
interface StreamBase {
  name: StreamName | ActivityTypeStreamName;
  /** Path after /v1, with {placeholders} filled from the parent fields. */
  path: string;
  /** Key of the array (or, for `single`, the object) in the response body. */
  envelope: string;
  primaryKey: string[][];
  /** The cursor field offered to the platform; how it filters follows from the kind of read. */
  cursor?: string;
  parent?: ParentRef;
  /** Fixed query parameters. */
  query?: Query;
  /** Per-config query parameters (filters the user chose). */
  configQuery?: (config: ResolvedConfig) => Query;
  /** The types and URLs brought back to what the schema declares, when the record is the item itself. */
  shape?: Shape;
  /** Reshapes one item of the envelope into a record, where the record is not the item (see records.ts). */
  toRecord?: (item: unknown) => JsonObject;
  /** Holds personal data: left out of suggestedStreams. */
  personal?: boolean;
  /** Body of the one-item request discover sends to see whether the key may read this endpoint (POST endpoints). */
  probeBody?: JsonObject;
  /** Parent lists: how many of their items have their children read at once (default 4). */
  childConcurrency?: number;
  /** Parent lists: how a child's 404 for an item deleted mid-sync is logged (default warn). */
  childNotFound?: 'warn' | 'debug';
  /** A per-person stream's bulk route: the workspace-wide list that also serves it (people_streams_route). */
  bulk?: BulkRoute;
  /** A per-person stream whose people can be found through objects (people_streams_route). */
  objectRoute?: ObjectRoute;
}

/**
 * How a per-person stream is served from a workspace-wide list: each record of `from` goes to the
 * person at `person` (a path in it), kept only for people of the sync's people search, and
 * becomes the item the per-person endpoint would have sent through `toItem`.
 */
export interface BulkRoute {
  from: StreamName;
  person: readonly string[];
  toItem: (record: JsonObject) => JsonObject;
}

/**
 * How a per-person stream finds, through objects, the only people it needs to ask: the objects
 * of `objects` (read once, with that stream when it is selected), then for each object the people
 * `related` lists, each named at `person` in its items. The records still come from the stream's
 * own per-person endpoint; the object side only says whom to ask (BULK-ROUTES.md §3).
 */
export interface ObjectRoute {
  objects: StreamName;
  /** Its path is filled from an object record: path placeholder -> object record field. */
  related: ListEndpoint & { fields: Record<string, string> };
  person: readonly string[];
}

/** The people of this sync's people search: every cio_id, and the first few for the self-check. */
export interface PeopleSet {
  ids: IdLookup;
  sample: readonly string[];
}

/**
 * A list read page by page, on its own or per item of its parent. With a cursor, an incremental
 * read keeps the records at or after the saved cursor minus the lookback; `since` names the
 * query parameter that lets the API do that filtering (unix seconds), when it has one.
 */
export interface ListStream extends StreamBase {
  read: 'list';
  method?: 'GET' | 'POST';
  pagination: Pagination;
  since?: string;
  /** The request body a root list sends, from the config (a search filter). */
  configBody?: (config: ResolvedConfig) => JsonObject;
  /** POST list endpoints: the request body, built from the parent fields. */
  body?: (fields: JsonObject) => JsonObject;
}

/** What a request for a list's pages needs (list-request.ts): a list row has it all, an endpoint that is no stream only some. */
export type ListEndpoint = Pick<ListStream, 'method' | 'path' | 'envelope' | 'pagination' | 'query' | 'configQuery' | 'body' | 'configBody'>;

/** Children read for many parent items per request: `size` items a call, each item's `parentField` sent in the body `body` builds. */
export interface BatchStream extends StreamBase {
  read: 'batch';
  method: 'POST';
  parent: ParentRef;
  batch: { size: number; parentField: string; body: (ids: string[]) => JsonObject };
  /** Reshapes a record by the config (e.g. keeps the chosen attributes). */
  configRecord?: (record: JsonObject, config: ResolvedConfig) => JsonObject;
}

/** Deliveries read in start_ts/end_ts windows on `cursor`, at most `windowDays` wide (API.md §1.6). */
export interface WindowStream extends StreamBase {
  read: 'windows';
  cursor: string;
  pagination: { kind: 'cursor'; limit: number };
  windowDays: number;
}

/** One row per parent x period x bucket of a metrics endpoint. */
export interface MetricsStream extends StreamBase {
  read: 'metrics';
  parent: ParentRef;
  metrics: MetricsSpec;
}

/** A list served newest first: an incremental read stops at the first page wholly older than its bound. */
export interface NewestFirstStream extends StreamBase {
  read: 'newest_first';
  cursor: string;
  pagination: { kind: 'cursor'; limit: number };
}

/**
 * A per-type activities stream (activities_layout per_type): the activities of one type, or of
 * every type but the listed ones, routed from one shared newest-first pass of its parent.
 */
export interface RoutedStream extends StreamBase {
  read: 'routed';
  cursor: string;
  /** The newest-first list it is routed from. */
  from: NewestFirstStream;
  route: { type: string } | { otherThan: readonly string[] };
  /** Made from the config: its JSON schema, in place of schemas/streams/<name>.json. */
  schema: JsonObject;
}

/**
 * Lists the API splits by a fixed parameter: read once per value, and (for a path placeholder)
 * tag each record with the value under the parameter's name. `scopes`: lists the API also keeps
 * per value of a config list (suppressions per sending domain), read again from their own path,
 * each record carrying the value under `param`, or `unscoped` when it comes from the stream's own path.
 */
export interface PartitionedStream extends StreamBase {
  read: 'partitioned';
  pagination: Pagination;
  partitions: { param: string; values: readonly string[]; in: 'path' | 'query' };
  scopes?: { param: string; values: (config: ResolvedConfig) => readonly string[]; path: string; pagination: Pagination; unscoped: string };
}

/** One row per stream, by kind of read: each kind has its reader (read.ts) and its state (state/). */
export type StreamDefinition = ListStream | BatchStream | WindowStream | MetricsStream | NewestFirstStream | RoutedStream | PartitionedStream;
export type ReadKind = StreamDefinition['read'];

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

/** What a reader yields: records, checkpoints (states), and logs, in the order they must be written. */
export type ReadEvent =
  /** The records of one page, in order: one event instead of one per record keeps a large read cheap. */
  | { type: 'records'; stream: string; data: JsonObject[] }
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
  /** The record function of each stream, built once per sync from its schema and shape. */
  records: RecordBuilders;
  /** Fed by the read of the people search when a per-person stream on its bulk route waits for it (bulk/people.ts). */
  people?: PeopleCollector | undefined;
}

export interface StreamRun {
  def: StreamDefinition;
  syncMode: SyncMode;
  /** The stream_state given for this stream, or undefined. */
  state: JsonObject | undefined;
}
