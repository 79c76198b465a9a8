import { readFileSync } from 'node:fs';
import path from 'node:path';
import { Ajv, type ErrorObject } from 'ajv';
import addFormatsModule from 'ajv-formats';
import type { Config } from './generated/config.js';
import { ConfigError } from './errors.js';
import { SCHEMAS_DIR } from './paths.js';
import type { JsonObject } from './protocol/messages.js';
import { stripUserinfo } from './userinfo.js';
import { REGION_URLS } from './http/regions.js';

export type { Config };

/** Config with every default applied: what the rest of the connector reads. */
export interface ResolvedConfig {
  apiKey: string;
  baseUrl: string;
  region: 'us' | 'eu';
  /** base_url, not region, chose the host: advice about a wrong host must then name base_url. */
  baseUrlSet: boolean;
  startDate: number | undefined;
  /** Unix seconds; incremental and windowed reads keep nothing after it, and their state stops there. */
  endDate: number | undefined;
  requestsPerSecond: number;
  metricsPeriods: MetricsPeriod[];
  lookbackSeconds: number;
  messagesLookbackSeconds: number;
  messageTypes: string[];
  activityTypes: string[];
  activitiesLayout: 'single' | 'per_type';
  /** How the per-person streams are read: the cheaper of the two routes, or per person always (people_streams_route). */
  peopleStreamsRoute: 'auto' | 'per_person';
  includeDeletedPeople: boolean;
  customerFilter: JsonObject | undefined;
  customerAttributes: string[];
  /** Sending domains whose suppression lists are read besides the workspace-wide ones; lower case, each once. */
  espSuppressionDomains: string[];
}

export type MetricsPeriod = 'hours' | 'days' | 'weeks' | 'months';

const LOOPBACK_HOSTS = new Set(['127.0.0.1', 'localhost', '[::1]', '::1']);

export function loadSpec(): JsonObject {
  return JSON.parse(readFileSync(path.join(SCHEMAS_DIR, 'spec.json'), 'utf8')) as JsonObject;
}

// ajv-formats ships CommonJS; under NodeNext its default import is the module object.
type AddFormats = (ajv: Ajv) => Ajv;
const addFormats = ((addFormatsModule as unknown as { default?: AddFormats }).default ?? addFormatsModule) as unknown as AddFormats;

export function createAjv(): Ajv {
  const ajv = new Ajv({ allErrors: true, strict: false, allowUnionTypes: true });
  addFormats(ajv);
  return ajv;
}

function describeErrors(errors: ErrorObject[] | null | undefined): string {
  return (errors ?? [])
    .map((e) => {
      const where = e.instancePath === '' ? 'config' : e.instancePath.slice(1).replace(/\//g, '.');
      if (e.keyword === 'required') return `${where}: the required key '${String(e.params['missingProperty'])}' is missing`;
      if (e.keyword === 'enum') return `${where}: must be one of ${JSON.stringify(e.params['allowedValues'])}`;
      return `${where}: ${e.message ?? 'is invalid'}`;
    })
    .join('; ');
}

/** Validates a parsed config file against schemas/spec.json and applies defaults. Throws ConfigError. */
export function parseConfig(raw: unknown, spec: JsonObject = loadSpec()): ResolvedConfig {
  if (typeof raw !== 'object' || raw === null || Array.isArray(raw)) {
    throw new ConfigError('Config validation error: the config must be a JSON object.');
  }
  // Keys starting with "_" are Airbyte's own annotations, never validated.
  const config = Object.fromEntries(Object.entries(raw).filter(([k]) => !k.startsWith('_')));
  const validate = createAjv().compile(spec['connectionSpecification'] as object);
  if (!validate(config)) {
    throw new ConfigError(`Config validation error: ${describeErrors(validate.errors)}.`);
  }
  const c = config as Config;
  const startDate = unixSeconds(c.start_date);
  const endDate = unixSeconds(c.end_date);
  if (startDate !== undefined && endDate !== undefined && endDate <= startDate) {
    throw new ConfigError(`Config validation error: end_date (${c.end_date}) must be after start_date (${c.start_date}).`);
  }
  return {
    apiKey: c.app_api_key,
    region: c.region ?? 'us',
    baseUrl: resolveBaseUrl(c),
    baseUrlSet: c.base_url !== undefined && c.base_url !== '',
    startDate,
    endDate,
    requestsPerSecond: c.requests_per_second ?? 10,
    metricsPeriods: (c.metrics_periods ?? ['days']) as MetricsPeriod[],
    lookbackSeconds: (c.lookback_minutes ?? 60) * 60,
    messagesLookbackSeconds: (c.messages_lookback_days ?? 30) * 86_400,
    messageTypes: c.message_types ?? [],
    activityTypes: c.activity_types ?? [],
    activitiesLayout: c.activities_layout ?? 'single',
    peopleStreamsRoute: c.people_streams_route ?? 'auto',
    includeDeletedPeople: c.include_deleted_people ?? false,
    customerFilter: parseCustomerFilter(c.customer_filter),
    customerAttributes: c.customer_attributes ?? [],
    // Domain names are case-insensitive: "Mail.example.com" and "mail.example.com" are one list.
    espSuppressionDomains: [...new Set((c.esp_suppression_domains ?? []).map((d) => d.toLowerCase()))],
  };
}

function unixSeconds(isoDateTime: string | undefined): number | undefined {
  return isoDateTime === undefined ? undefined : Math.floor(Date.parse(isoDateTime) / 1000);
}

function parseCustomerFilter(text: string | undefined): JsonObject | undefined {
  if (text === undefined || text.trim() === '') return undefined;
  let parsed: unknown;
  try {
    parsed = JSON.parse(text);
  } catch {
    throw new ConfigError('Config validation error: customer_filter is not valid JSON; give a Customer.io filter object such as {"segment":{"id":7}}.');
  }
  if (typeof parsed !== 'object' || parsed === null || Array.isArray(parsed)) {
    throw new ConfigError('Config validation error: customer_filter must be a JSON object such as {"segment":{"id":7}}.');
  }
  // Accept both the bare filter and the request body form {"filter": {...}}.
  const obj = parsed as JsonObject;
  const inner = obj['filter'];
  return typeof inner === 'object' && inner !== null && !Array.isArray(inner) ? (inner as JsonObject) : obj;
}

/** base_url wins over region; plain http only to loopback so a key never crosses a network in clear text. */
export function resolveBaseUrl(c: Pick<Config, 'base_url' | 'region'>): string {
  if (c.base_url === undefined || c.base_url === '') return REGION_URLS[c.region ?? 'us'];
  let url: URL;
  try {
    url = new URL(c.base_url);
  } catch {
    // The text is echoed, so a password typed into it must not be.
    throw new ConfigError(`Config validation error: base_url '${stripUserinfo(c.base_url)}' is not a URL.`);
  }
  if (url.protocol === 'http:' && !LOOPBACK_HOSTS.has(url.hostname)) {
    throw new ConfigError(`Config validation error: base_url must use https for non-loopback hosts (got http://${url.host}).`);
  }
  if (url.protocol !== 'http:' && url.protocol !== 'https:') {
    throw new ConfigError(`Config validation error: base_url must be an http(s) origin.`);
  }
  return url.origin;
}
