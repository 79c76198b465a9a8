// Builds campaign/broadcast actions: the common fields plus the fields of the action's type.
import type { Rng } from '../random.js';
import type { ActionCommon, ActionContent, ActionType } from '../types.js';
import { dedupId, timeBetween } from './common.js';

export const CAMPAIGN_ACTION_TYPES: readonly (readonly [ActionType, number])[] = [
  ['email', 50],
  ['push', 10],
  ['in_app', 8],
  ['slack', 5],
  ['twilio', 10],
  ['whatsapp', 5],
  ['webhook', 12],
];

export const BROADCAST_ACTION_TYPES: readonly (readonly [ActionType, number])[] = [
  ['email', 60],
  ['webhook', 10],
  ['push', 15],
  ['twilio', 10],
  ['slack', 5],
];

export interface ActionSeed {
  id: number;
  type: ActionType;
  parentId: number | null;
  /** Earliest allowed created time (the parent's). */
  notBefore: number;
  now: number;
  senderIds: readonly number[];
}

export function buildAction(rng: Rng, seed: ActionSeed): ActionCommon & ActionContent {
  const created = timeBetween(rng, seed.notBefore, seed.now - 3600);
  const updated = timeBetween(rng, created, seed.now - 60);
  const common: ActionCommon = {
    id: seed.id,
    parent_action_id: seed.parentId,
    name: `${seed.type} step ${seed.id}`,
    type: seed.type,
    language: '',
    sending_state: rng.weighted([
      ['automatic', 80],
      ['draft', 12],
      ['off', 8],
    ] as const),
    created,
    updated,
    deduplicate_id: dedupId(seed.id, updated),
  };
  return { ...common, ...contentFor(rng, seed) };
}

function contentFor(rng: Rng, seed: ActionSeed): ActionContent {
  const senderId = seed.senderIds.length > 0 ? rng.pick(seed.senderIds) : 1;
  switch (seed.type) {
    case 'email':
      return {
        subject: `Hello from step ${seed.id}`,
        body: `<p>Hi {{customer.first_name}}, this is message ${seed.id}.</p>`,
        body_amp: rng.chance(0.2) ? '<!doctype html><html amp4email></html>' : null,
        preheader_text: 'A short preview line',
        from: 'Team <team@example.com>',
        from_id: senderId,
        reply_to: rng.chance(0.3) ? 'support@example.com' : null,
        reply_to_id: rng.chance(0.3) ? senderId : null,
        recipient: '{{customer.email}}',
        bcc: '',
        cc: '',
        fake_bcc: false,
        headers: '[]',
        layout: 'default',
        preprocessor: 'premailer',
      };
    case 'push':
    case 'in_app':
      return {
        subject: `Tap to see update ${seed.id}`,
        body: JSON.stringify({ title: 'Update', message: `Step ${seed.id}` }),
        recipient: '{{customer.id}}',
      };
    case 'slack':
      return { body: `New signup alert ${seed.id}`, recipient: '#growth' };
    case 'twilio':
      return {
        body: `Your code for step ${seed.id} is {{event.code}}`,
        image_url: rng.chance(0.2) ? 'https://cdn.example.com/mms.png' : null,
        recipient: '{{customer.phone}}',
      };
    case 'whatsapp':
      return {
        body: JSON.stringify({ template: `wa_template_${seed.id}` }),
        body_json: JSON.stringify({ components: [] }),
        sender_identity_id: senderId,
        send_to_unsubscribed: false,
        tracked: true,
        recipient: '{{customer.phone}}',
      };
    case 'webhook':
      return {
        url: `https://hooks.example.com/step/${seed.id}`,
        method: rng.pick(['get', 'post', 'put', 'delete', 'patch'] as const),
        headers: JSON.stringify([{ name: 'X-Source', value: 'customerio' }]),
        body: JSON.stringify({ person: '{{customer.id}}' }),
      };
  }
}

/** Broadcast summaries call the SMS channel "sms" where the action says "twilio". */
export function summaryType(type: ActionType): string {
  return type === 'twilio' ? 'sms' : type;
}

/** Deprecated msg_templates only know these four channels. */
export function templateType(type: ActionType): 'email' | 'sms' | 'push' | 'slack' | undefined {
  if (type === 'email' || type === 'push' || type === 'slack') return type;
  if (type === 'twilio') return 'sms';
  return undefined;
}
