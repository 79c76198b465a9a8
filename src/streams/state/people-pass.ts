import type { PeoplePassState } from '../../generated/state.js';
import { isObject, type JsonObject } from '../../json.js';

/**
 * The state of a people pass (customer_relationships with people_streams_route `auto`),
 * PeoplePassState in schemas/state/stream_state.json: the pass asks its people one by one in
 * ascending cio_id order, `related` ones (those the objects' relationships name) or `everyone`
 * in the search, and `through` is the cio_id up to which every one of them is done. A pass takes
 * it up only when it asks the same people; otherwise it starts over, which repeats but loses nothing.
 */
export interface PeoplePass { people: 'related' | 'everyone'; through: string }

export function parsePeoplePass(state: JsonObject | undefined): PeoplePass | undefined {
  const p = state?.['pass'];
  if (!isObject(p) || typeof p['through'] !== 'string') return undefined;
  const people = p['people'];
  return people === 'related' || people === 'everyone' ? { people, through: p['through'] } : undefined;
}

export function peoplePassJson(pass: PeoplePass | undefined): PeoplePassState {
  return pass === undefined ? {} : { pass: { ...pass } };
}
