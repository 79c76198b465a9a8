/*
 * The `per_type` activities layout: in place of `activities`, one stream per activity type, each
 * with the type's known `data` fields as columns (see activity-types.ts). The streams are rows
 * made from the `activities` row and the config; one shared pass over GET /v1/activities feeds
 * them all (custom/activities-by-type.ts).
 */
import { ConfigError } from '../errors.js';
import { isObject, type JsonObject } from '../json.js';
import { activityStreamName, dataColumn, dataColumnProperties, dataFieldsOf, KNOWN_ACTIVITY_TYPES, OTHER_ACTIVITIES_STREAM, type DataFields } from './activity-types.js';
import type { NewestFirstStream, RoutedStream, Shape } from './types.js';

/**
 * The record with the known fields of its `data` moved to `data_<field>` columns; `data` keeps
 * the rest, or is null when nothing is left.
 */
export function flattenData(record: JsonObject, fields: DataFields): JsonObject {
  const data = record['data'];
  const known = Object.keys(fields);
  if (!isObject(data) || known.length === 0) return record;
  const columns: JsonObject = {};
  const rest: JsonObject = {};
  for (const [key, value] of Object.entries(data)) {
    if (known.includes(key)) columns[dataColumn(key)] = value;
    else rest[key] = value;
  }
  return { ...record, ...columns, data: Object.keys(rest).length > 0 ? rest : null };
}

/** The activities schema with the type's data columns added. */
export function activityTypeSchema(base: JsonObject, label: string, fields: DataFields): JsonObject {
  const properties = isObject(base['properties']) ? base['properties'] : {};
  const data = isObject(properties['data']) ? properties['data'] : {};
  const columns = Object.keys(fields);
  return {
    ...base,
    title: `Activities: ${label}`,
    description: `Activities ${label} from GET /v1/activities, with the known fields of data as columns.`,
    properties: {
      ...properties,
      ...dataColumnProperties(fields),
      data: { ...data, description: columns.length > 0 ? `Fields of data without a column of their own (${columns.map(dataColumn).join(', ')} hold the rest).` : 'Type-specific details.' },
    },
  };
}

/** The activities' shape, and a type's data columns brought to their declared types: a delivered time sent as text becomes a number. */
function columnShape(activities: Shape | undefined, fields: DataFields): Shape {
  const of = (type: string) => Object.entries(fields).filter(([, f]) => f.type.includes(type)).map(([name]) => dataColumn(name));
  return { ...activities, integers: [...(activities?.integers ?? []), ...of('integer')], strings: [...(activities?.strings ?? []), ...of('string')] };
}

/** A per-type stream routed from the activities list: its row, made from the list's. */
function routedStream(activities: NewestFirstStream, name: RoutedStream['name'], route: RoutedStream['route'], schema: JsonObject, shape: Shape | undefined, toRecord?: (item: unknown) => JsonObject): RoutedStream {
  const { read: _read, pagination: _pagination, ...common } = activities;
  return { ...common, read: 'routed', name, from: activities, route, schema, ...(shape === undefined ? {} : { shape }), ...(toRecord === undefined ? {} : { toRecord }) };
}

function typeStream(activities: NewestFirstStream, base: JsonObject, type: string): RoutedStream {
  const fields = dataFieldsOf(type);
  const toRecord = (item: unknown): JsonObject => (isObject(item) ? flattenData(item, fields) : {});
  return routedStream(activities, activityStreamName(type), { type }, activityTypeSchema(base, `of type ${type}`, fields), columnShape(activities.shape, fields), toRecord);
}

/**
 * The per-type streams that replace `activities`: one per configured type, or, with none
 * configured, one per known type and `activities_other` for every other type (object and
 * relationship types, types added since), so that together they hold what `activities` would.
 * Two types that make the same stream name are a config error.
 */
export function activityTypeStreams(activities: NewestFirstStream, configuredTypes: readonly string[], baseSchema: JsonObject): RoutedStream[] {
  const types = configuredTypes.length > 0 ? [...configuredTypes] : [...KNOWN_ACTIVITY_TYPES.keys()];
  const byName = new Map<string, string>();
  for (const type of types) {
    const name = activityStreamName(type);
    const other = byName.get(name);
    if (other !== undefined) throw new ConfigError(`Config validation error: activity_types '${other}' and '${type}' would both be the stream ${name}; keep one of them.`);
    byName.set(name, type);
  }
  const streams = types.map((type) => typeStream(activities, baseSchema, type));
  if (configuredTypes.length > 0) return streams;
  const other = routedStream(activities, OTHER_ACTIVITIES_STREAM, { otherThan: types }, activityTypeSchema(baseSchema, 'of the types without a stream of their own', {}), activities.shape);
  return [...streams, other];
}
