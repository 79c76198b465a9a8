/*
 * What acceptance-test-config.yml feeds Airbyte's acceptance tests, beyond the files Airbyte names.
 */
import { STREAMS } from '../src/streams/definitions.js';
import type { Json } from '../test/helpers/connector.js';

/**
 * Streams that cost a request per person (and per delivery window): CAT's full-refresh and
 * incremental suites read their catalogs many times, so their catalogs leave these out; the basic
 * read, which reads every discovered stream once, still covers them.
 */
export const PER_PERSON_STREAMS: ReadonlySet<string> = new Set(
  STREAMS.filter((s) => s.parent?.stream === 'customers' && s.path.includes('{')).map((s) => s.name),
);

/** A configured catalog without the per-person streams. */
export function acceptanceCatalog(catalog: Json): Json {
  const streams = catalog['streams'] as Json[];
  return { ...catalog, streams: streams.filter((s) => !PER_PERSON_STREAMS.has((s['stream'] as Json)['name'] as string)) };
}
