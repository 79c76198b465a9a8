// Finding parents by path id; a missing parent is a 404 with the errors envelope.
import { badRequest, notFound } from './errors.js';
import { pathId } from './query.js';
import type {
  Broadcast,
  BroadcastAction,
  Campaign,
  CampaignAction,
  Dataset,
  Newsletter,
  Person,
  Segment,
  TransactionalMessage,
} from './types.js';

/** The entity whose numeric id is in the path parameter, or the API's 404. */
function byId<T extends { id: number }>(list: T[], params: Record<string, string>, param: string, missing: string): T {
  const id = pathId(params, param);
  const found = list.find((x) => x.id === id);
  if (!found) throw notFound(missing);
  return found;
}

export function campaignFrom(dataset: Dataset, params: Record<string, string>): Campaign {
  return byId(dataset.campaigns, params, 'campaign_id', 'The automation does not exist.');
}

export function campaignActionFrom(dataset: Dataset, params: Record<string, string>): CampaignAction {
  const campaign = campaignFrom(dataset, params);
  const actionId = pathId(params, 'action_id');
  const found = dataset.campaignActions.find((a) => a.id === actionId && a.campaign_id === campaign.id);
  if (!found) throw notFound('The automation and/or action do not exist.');
  return found;
}

export function broadcastFrom(dataset: Dataset, params: Record<string, string>): Broadcast {
  return byId(dataset.broadcasts, params, 'broadcast_id', 'The broadcast does not exist.');
}

export function broadcastActionFrom(dataset: Dataset, params: Record<string, string>): BroadcastAction {
  const broadcast = broadcastFrom(dataset, params);
  const actionId = pathId(params, 'action_id');
  const found = dataset.broadcastActions.find((a) => a.id === actionId && a.broadcast_id === broadcast.id);
  if (!found) throw notFound('The broadcast and/or action do not exist.');
  return found;
}

export function newsletterFrom(dataset: Dataset, params: Record<string, string>): Newsletter {
  return byId(dataset.newsletters, params, 'newsletter_id', 'The newsletter does not exist.');
}

export function transactionalFrom(dataset: Dataset, params: Record<string, string>): TransactionalMessage {
  return byId(dataset.transactional, params, 'transactional_id', 'The transactional message does not exist.');
}

export function segmentFrom(dataset: Dataset, params: Record<string, string>): Segment {
  return byId(dataset.segments, params, 'segment_id', 'The `segment_id` does not exist.');
}

export type IdType = 'id' | 'email' | 'cio_id' | 'phone';
const ID_TYPES: readonly IdType[] = ['id', 'email', 'cio_id', 'phone'];

export function parseIdType(raw: string | undefined): IdType {
  if (raw === undefined || raw === '') return 'id';
  const found = ID_TYPES.find((t) => t === raw);
  if (!found) throw badRequest('`id_type` must be one of id, email, cio_id, phone.');
  return found;
}

/** The value `person` is known by under `idType`, if any. */
export function personKey(person: Person, idType: IdType): string | null {
  switch (idType) {
    case 'id':
      return person.identifiers.id;
    case 'email':
      return person.identifiers.email;
    case 'cio_id':
      return person.identifiers.cio_id;
    case 'phone':
      return person.attributes['phone'] ?? null;
  }
}

export function personHas(person: Person, idType: IdType, value: string): boolean {
  return personKey(person, idType) === value;
}

/** The person named by the `customer_id` path param and `id_type` query; 404 when unknown. */
export function personFrom(dataset: Dataset, params: Record<string, string>, query: Record<string, string>): Person {
  const idType = parseIdType(query['id_type']);
  const value = params['customer_id'] ?? '';
  const found = dataset.people.find((p) => personHas(p, idType, value));
  if (!found) throw notFound('The customer does not exist.');
  return found;
}
