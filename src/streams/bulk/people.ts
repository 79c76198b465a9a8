import { isObject } from '../../json.js';
import { paginate } from '../paginate.js';
import type { ListStream, PeopleSet, ReadContext } from '../types.js';

/** People whose per-person lists the bulk route reads to check what it derived for them. */
export const SELF_CHECK_SAMPLE = 20;

/**
 * Every cio_id of the people search (the `customers` list with the config's filter), page by
 * page. Only the ids are held, as strings in a Set: about 80 bytes a person, so 1,000,000
 * people stay well under 100 MB.
 */
export async function readPeopleSet(ctx: ReadContext, search: ListStream, sampleSize = SELF_CHECK_SAMPLE): Promise<PeopleSet> {
  const ids = new Set<string>();
  const sample: string[] = [];
  for await (const page of paginate({
    client: ctx.client,
    method: search.method ?? 'GET',
    path: search.path,
    envelope: search.envelope,
    pagination: search.pagination,
    query: { ...search.query },
    ...(search.configBody ? { body: search.configBody(ctx.config) } : {}),
    tag: `${search.name} (people set)`,
  })) {
    for (const item of page.items) {
      const id = isObject(item) ? item['cio_id'] : undefined;
      const cio = typeof id === 'number' ? String(id) : id;
      if (typeof cio !== 'string' || cio === '' || ids.has(cio)) continue;
      ids.add(cio);
      if (sample.length < sampleSize) sample.push(cio);
    }
  }
  return { ids, sample };
}
