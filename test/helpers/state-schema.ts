import { readFileSync } from 'node:fs';
import path from 'node:path';
import type { ValidateFunction } from 'ajv';
import { createAjv } from '../../src/config.js';
import { STREAMS_BY_NAME } from '../../src/streams/definitions.js';
import { stateKindOf, type StateKind } from '../../src/streams/state/kinds.js';
import type { StreamDefinition } from '../../src/streams/types.js';
import { ROOT } from './connector.js';

let validators: Map<StateKind, ValidateFunction> | undefined;

/** Problems with one stream_state against its kind's schema; [] when valid. */
export function stateProblems(def: StreamDefinition, state: unknown): string[] {
  return problemsOf(def.name, stateKindOf(def), state);
}

/**
 * Problems with the stream_state a STATE message carries for `stream`: the per-type activities
 * streams, made from the config, keep the newest-first state of the list they are routed from.
 */
export function streamStateProblems(stream: string, state: unknown): string[] {
  const def = STREAMS_BY_NAME.get(stream);
  if (def !== undefined) return stateProblems(def, state);
  if (stream.startsWith('activities_')) return problemsOf(stream, 'newest_first', state);
  return [`a STATE for ${stream}, which is no stream of the connector`];
}

function problemsOf(name: string, kind: StateKind, state: unknown): string[] {
  if (!validators) {
    const schema = JSON.parse(readFileSync(path.join(ROOT, 'schemas', 'state', 'stream_state.json'), 'utf8')) as object;
    const ajv = createAjv();
    ajv.addSchema(schema);
    validators = new Map((['tree', 'window', 'newest_first', 'partitioned', 'people_deliveries', 'people_activities', 'people_relationships'] as const).map((k) => [k, ajv.getSchema(`stream_state.json#/definitions/${k}`) as ValidateFunction]));
  }
  const validate = validators.get(kind) as ValidateFunction;
  return validate(state) ? [] : [`${name} ${JSON.stringify(state).slice(0, 200)}: ${JSON.stringify(validate.errors?.slice(0, 3))}`];
}
