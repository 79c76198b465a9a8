import { readFileSync } from 'node:fs';
import path from 'node:path';
import type { ValidateFunction } from 'ajv';
import { createAjv } from '../../src/config.js';
import { stateKindOf, type StateKind } from '../../src/streams/state/kinds.js';
import type { StreamDefinition } from '../../src/streams/types.js';
import { ROOT } from './connector.js';

let validators: Map<StateKind, ValidateFunction> | undefined;

/** Problems with one stream_state against its kind's schema; [] when valid. */
export function stateProblems(def: StreamDefinition, state: unknown): string[] {
  if (!validators) {
    const schema = JSON.parse(readFileSync(path.join(ROOT, 'schemas', 'state', 'stream_state.json'), 'utf8')) as object;
    const ajv = createAjv();
    ajv.addSchema(schema);
    validators = new Map((['tree', 'window', 'newest_first', 'partitioned'] as const).map((k) => [k, ajv.getSchema(`stream_state.json#/definitions/${k}`) as ValidateFunction]));
  }
  const validate = validators.get(stateKindOf(def)) as ValidateFunction;
  return validate(state) ? [] : [`${def.name} ${JSON.stringify(state).slice(0, 200)}: ${JSON.stringify(validate.errors?.slice(0, 3))}`];
}
