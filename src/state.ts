import { ConfigError } from './errors.js';
import type { JsonObject } from './protocol/messages.js';
import { isObject } from './json.js';

/**
 * Reads a --state file in every shape Airbyte has used: an array of per-stream STATE messages,
 * [] or {}, a legacy object keyed by stream name (bare, or wrapped in {"data": ...}), or a single
 * STREAM state message. Returns stream name -> stream_state. GLOBAL states are accepted too.
 */
export function parseStateInput(raw: unknown): Map<string, JsonObject> {
  const out = new Map<string, JsonObject>();
  if (raw === null || raw === undefined) return out;
  const fail = (why: string) => new ConfigError(`The state file is malformed: ${why}. Give an array of STREAM state messages, or remove --state to sync from scratch.`);
  const addMessage = (m: unknown) => {
    if (!isObject(m)) throw fail('an entry is not an object');
    const type = m['type'];
    if (type === 'STREAM' || (type === undefined && isObject(m['stream']))) {
      const stream = m['stream'];
      if (!isObject(stream) || !isObject(stream['stream_descriptor']) || typeof stream['stream_descriptor']['name'] !== 'string') {
        throw fail('a STREAM entry has no stream.stream_descriptor.name');
      }
      const st = stream['stream_state'];
      if (isObject(st)) out.set(stream['stream_descriptor']['name'], st);
      return;
    }
    if (type === 'GLOBAL') {
      const global = m['global'];
      const states = isObject(global) ? global['stream_states'] : undefined;
      if (!Array.isArray(states)) throw fail('a GLOBAL entry has no global.stream_states');
      for (const s of states) addMessage({ type: 'STREAM', stream: s });
      return;
    }
    if (type === 'LEGACY' || (type === undefined && isObject(m['data']))) {
      addLegacy(m['data']);
      return;
    }
    throw fail(`unknown state type ${JSON.stringify(type)}`);
  };
  const addLegacy = (data: unknown) => {
    if (!isObject(data)) throw fail('a legacy state is not an object');
    for (const [name, st] of Object.entries(data)) if (isObject(st)) out.set(name, st);
  };
  if (Array.isArray(raw)) {
    for (const m of raw) addMessage(m);
    return out;
  }
  if (!isObject(raw)) throw fail('it is neither an array nor an object');
  if ('type' in raw || isObject(raw['stream']) || isObject(raw['data'])) addMessage(raw);
  else addLegacy(raw);
  return out;
}
