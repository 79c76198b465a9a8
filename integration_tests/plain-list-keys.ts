import type { Dataset } from '../fake-api/index.js';
import { plainListRule } from '../scripts/bench/plain-lists.js';
import { STREAMS_BY_NAME } from '../src/streams/definitions.js';
import type { JsonValue } from '../fake-api/model/json.js';

/**
 * Expected keys of a stream the fake serves from dataset.plainLists, found by the row's path, so
 * that a plain list added to the table and the fake's data needs no case in expected.ts. Every
 * item of the list, as stored (the fake's variety is undone by the connector's shapes).
 * Undefined for a stream that is not a plain list; a plain list (a root GET list with numbered
 * pages) whose path the fake lacks throws, naming it, rather than being skipped.
 */
export function plainListKeys(d: Dataset, stream: string): string[] | undefined {
  const def = STREAMS_BY_NAME.get(stream);
  if (def === undefined) return undefined;
  const list = d.plainLists.find((l) => l.path === `/v1${def.path}`);
  if (list === undefined) {
    if (plainListRule(def) === undefined) return undefined;
    throw new Error(`${stream}: a plain list, but /v1${def.path} is not in the fake's dataset.plainLists: its expected keys cannot be derived`);
  }
  const at = (item: JsonValue, path: readonly string[]): JsonValue | undefined =>
    path.reduce<JsonValue | undefined>((v, k) => (v !== null && typeof v === 'object' && !Array.isArray(v) ? v[k] : undefined), item);
  return list.items.map((item) => JSON.stringify(def.primaryKey.map((k) => at(item, k))));
}
