import { readFileSync } from 'node:fs';
import path from 'node:path';
import type { ResolvedConfig } from './config.js';
import { ConfigError } from './errors.js';
import { SCHEMAS_DIR } from './paths.js';
import type { AirbyteStream, SyncMode } from './protocol/messages.js';
import { activityTypeStreams } from './streams/activity-streams.js';
import { STREAMS, STREAMS_BY_NAME } from './streams/definitions.js';
import type { StreamDefinition } from './streams/types.js';
import { isObject, type JsonObject } from './json.js';

export function loadStreamSchema(name: string): JsonObject {
  return JSON.parse(readFileSync(path.join(SCHEMAS_DIR, 'streams', `${name}.json`), 'utf8')) as JsonObject;
}

/** Stream name -> JSON schema: a row's own schema (streams made from the config), else its schema file. */
export function schemaOfStream(defs: readonly StreamDefinition[]): (name: string) => JsonObject {
  const inline = new Map<string, JsonObject>(defs.flatMap((d) => (d.read === 'routed' ? [[d.name, d.schema] as const] : [])));
  return (name) => inline.get(name) ?? loadStreamSchema(name);
}

/** A stream is offered incrementally when its table row has a cursor. */
export function toAirbyteStream(def: StreamDefinition): AirbyteStream {
  const stream: AirbyteStream = {
    name: def.name,
    json_schema: def.read === 'routed' ? def.schema : loadStreamSchema(def.name),
    supported_sync_modes: def.cursor ? ['full_refresh', 'incremental'] : ['full_refresh'],
    source_defined_primary_key: def.primaryKey,
  };
  if (def.cursor !== undefined) {
    stream.source_defined_cursor = true;
    stream.default_cursor_field = [def.cursor];
    stream.is_resumable = true;
  }
  return stream;
}

/**
 * The streams this config offers: the stream table, with `activities` replaced by one stream per
 * activity type in the per_type layout. Without a config, the table as it is.
 */
export function streamsFor(config: ResolvedConfig | undefined): readonly StreamDefinition[] {
  if (config?.activitiesLayout !== 'per_type') return STREAMS;
  return STREAMS.flatMap((s) => (s.read === 'newest_first' ? activityTypeStreams(s, config.activityTypes, loadStreamSchema(s.name)) : [s]));
}

export function fullCatalog(config?: ResolvedConfig): AirbyteStream[] {
  return streamsFor(config).map(toAirbyteStream);
}

export interface ConfiguredStream {
  def: StreamDefinition;
  syncMode: SyncMode;
}

/** Parses a configured catalog against the streams the config offers; an unknown stream or sync mode is the user's to fix. */
export function parseConfiguredCatalog(raw: unknown, definitions: ReadonlyMap<string, StreamDefinition> = STREAMS_BY_NAME): ConfiguredStream[] {
  if (!isObject(raw) || !Array.isArray(raw['streams'])) {
    throw new ConfigError('The catalog file is not a configured catalog: it needs a "streams" array.');
  }
  const out: ConfiguredStream[] = [];
  const unknown: string[] = [];
  const seen = new Set<string>();
  for (const entry of raw['streams']) {
    const stream = isObject(entry) ? entry['stream'] : undefined;
    const name = isObject(stream) ? stream['name'] : undefined;
    if (!isObject(entry) || typeof name !== 'string') throw new ConfigError('A catalog entry has no stream.name.');
    const def = definitions.get(name);
    if (def === undefined) {
      unknown.push(name);
      continue;
    }
    const mode = entry['sync_mode'];
    if (mode !== 'full_refresh' && mode !== 'incremental') {
      throw new ConfigError(`Stream '${name}' has sync_mode ${JSON.stringify(mode)}; use full_refresh or incremental.`);
    }
    if (mode === 'incremental' && def.cursor === undefined) {
      throw new ConfigError(`Stream '${name}' does not support incremental sync; configure it as full_refresh.`);
    }
    if (seen.has(name)) continue;
    seen.add(name);
    out.push({ def, syncMode: mode });
  }
  if (unknown.length > 0) {
    throw new ConfigError(`The catalog names streams this source does not have: ${unknown.join(', ')}. Run discover to see the available streams.`);
  }
  return out;
}
