// People, their segment memberships, objects and person-object relationships.
import { uniqueHexIds } from '../ids.js';
import { byCioId } from '../ordering.js';
import type { Rng } from '../random.js';
import type { Device, Identifiers, ObjectRecord, ObjectType, Person, Relationship, Segment, SegmentMember } from '../types.js';
import { FIRST_NAMES, LAST_NAMES, timeBefore, timeBetween } from './common.js';

const PLANS = ['free', 'pro', 'enterprise'] as const;
const COUNTRIES = ['US', 'DE', 'FR', 'BR', 'JP', 'IN', 'GB'] as const;
const SOURCES = ['website_newsletter', 'referral', 'ads', 'import'] as const;

/** Identifiers only; used for live and deleted people alike. ~10% have no id, ~5% no email. */
function makeIdentifiers(rng: Rng, serial: number, cioId: string): Identifiers {
  const hasId = rng.chance(0.9);
  const hasEmail = !hasId || rng.chance(0.95);
  const first = rng.pick(FIRST_NAMES);
  const last = rng.pick(LAST_NAMES);
  return {
    id: hasId ? String(1000 + serial) : null,
    email: hasEmail ? `${first}.${last}.${serial}@example.com` : null,
    cio_id: cioId,
  };
}

function makeDevices(rng: Rng, now: number, since: number): Device[] {
  return Array.from({ length: rng.weighted([[0, 60], [1, 30], [2, 10]] as const) }, () => ({
    id: `${rng.hex(8)}${rng.hex(8)}${rng.hex(8)}`,
    platform: rng.chance(0.5) ? 'ios' : 'android',
    last_used: timeBetween(rng, since, now),
    attributes: { app_version: `${rng.int(1, 4)}.${rng.int(0, 9)}.${rng.int(0, 20)}`, push_enabled: String(rng.chance(0.7)) },
  }));
}

function makePerson(rng: Rng, now: number, identifiers: Identifiers, topicIds: readonly number[]): Person {
  const createdAt = timeBefore(rng, now, 900, 3600);
  const attributes: Record<string, string> = {};
  const timestamps: Record<string, number> = {};
  const set = (key: string, value: string, at: number = timeBetween(rng, createdAt, now)): void => {
    attributes[key] = value;
    timestamps[key] = at;
  };
  if (identifiers.id !== null) set('id', identifiers.id, createdAt);
  if (identifiers.email !== null) set('email', identifiers.email, createdAt);
  set('cio_id', identifiers.cio_id, createdAt);
  set('created_at', String(createdAt), createdAt);
  const [first = 'pat', last = 'doe'] = (identifiers.email ?? 'pat.doe').split('@')[0]?.split('.') ?? [];
  set('first_name', first);
  set('last_name', last);
  set('plan', rng.pick(PLANS));
  set('country', rng.pick(COUNTRIES));
  if (rng.chance(0.7)) set('source', rng.pick(SOURCES));
  if (rng.chance(0.3)) set('phone', `+1555${String(rng.int(1000000, 9999999))}`);
  if (rng.chance(0.5)) set('_last_emailed', String(timeBetween(rng, createdAt, now)));
  if (topicIds.length > 0 && rng.chance(0.4)) {
    const topics = Object.fromEntries(topicIds.map((t) => [`topic_${t}`, rng.chance(0.5)]));
    set('cio_subscription_preferences', JSON.stringify({ topics }));
  }
  return {
    id: identifiers.id,
    identifiers,
    attributes,
    timestamps,
    unsubscribed: rng.chance(0.08),
    devices: makeDevices(rng, now, createdAt),
  };
}

export interface PeopleSet {
  /** Sorted by cio_id. */
  people: Person[];
  deletedPeople: Identifiers[];
}

export function generatePeople(rng: Rng, now: number, count: number, topicIds: readonly number[]): PeopleSet {
  // A few extra identities become "deleted people" that only appear in activities.
  const deletedCount = count > 0 ? Math.max(1, Math.round(count * 0.01)) : 0;
  const cioIds = uniqueHexIds(rng, 'a3', count + deletedCount);
  const people: Person[] = [];
  const deletedPeople: Identifiers[] = [];
  cioIds.forEach((cioId, serial) => {
    const identifiers = makeIdentifiers(rng, serial, cioId);
    if (serial < count) people.push(makePerson(rng, now, identifiers, topicIds));
    else deletedPeople.push(identifiers);
  });
  people.sort(byCioId);
  return { people, deletedPeople };
}

export function generateSegmentMembers(rng: Rng, segments: readonly Segment[], people: readonly Person[]): SegmentMember[] {
  const members: SegmentMember[] = [];
  for (const segment of segments) {
    const density = segment.type === 'manual' ? 0.02 + rng.next() * 0.1 : 0.05 + rng.next() * 0.45;
    for (const person of people) {
      if (rng.chance(density)) members.push({ segment_id: segment.id, cio_id: person.identifiers.cio_id });
    }
  }
  return members;
}

export function generateObjects(rng: Rng, now: number, types: readonly ObjectType[], perType: number): ObjectRecord[] {
  const cioObjectIds = uniqueHexIds(rng, 'ob', types.length * perType);
  const objects: ObjectRecord[] = [];
  for (const type of types) {
    for (let k = 0; k < perType; k++) {
      const attributes: Record<string, string> = {
        name: `${type.singular_name} ${k + 1}`,
        created_at: String(timeBefore(rng, now, 400, 3600)),
      };
      // Not every object has a tier, so `exists` filters select a strict subset.
      if (rng.chance(0.6)) attributes['tier'] = rng.pick(['gold', 'silver', 'bronze']);
      objects.push({
        object_type_id: type.id,
        object_id: `${type.singular_slug}_${k + 1}`,
        cio_object_id: cioObjectIds[objects.length] ?? `ob${objects.length}`,
        attributes,
      });
    }
  }
  return objects;
}

export function generateRelationships(
  rng: Rng,
  now: number,
  people: readonly Person[],
  objects: readonly ObjectRecord[],
): Relationship[] {
  if (objects.length === 0) return [];
  const relationships: Relationship[] = [];
  for (const person of people) {
    const linked = new Set<ObjectRecord>();
    for (let n = rng.weighted([[0, 40], [1, 40], [2, 20]] as const); n > 0; n--) linked.add(rng.pick(objects));
    for (const object of linked) {
      const withRole = rng.chance(0.5);
      const at = timeBefore(rng, now, 300, 3600);
      relationships.push({
        cio_id: person.identifiers.cio_id,
        object_type_id: Number(object.object_type_id),
        object_id: object.object_id,
        cio_object_id: object.cio_object_id,
        attributes: withRole ? { role: rng.pick(['admin', 'member', 'viewer']) } : {},
        timestamps: withRole ? { role: at } : {},
      });
    }
  }
  return relationships;
}
