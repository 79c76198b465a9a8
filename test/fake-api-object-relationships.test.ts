// The object side of relationships (GET /v1/objects/{type}/{id}/relationships, BULK-ROUTES.md §3.2)
// and deleted people on the per-person endpoints, on a dataset with a few hundred people.
import assert from 'node:assert/strict';
import { after, before, describe, test } from 'node:test';
import { present, startFakeApi, type FakeApi } from '../fake-api/index.js';
import { call, collect, KEY, NOW, withQuery, type Json } from './helpers/fake-api-calls.js';

describe('fake API: object relationships and deleted people', () => {
  let api: FakeApi;

  before(async () => {
    api = await startFakeApi({ apiKey: KEY, requestsPerSecond: Infinity, datasetOptions: { size: { people: 300, activities: 3000, objectsPerType: 100 }, seed: 11, now: NOW } });
  });
  after(() => api.close());

  /** The object related to the most people, so its list needs more than one small page (100 objects a type: some have none). */
  function busiestObject(): { typeId: string; objectId: string; cioObjectId: string; people: string[] } {
    const counts = new Map<string, string[]>();
    for (const r of api.dataset.relationships) counts.set(r.cio_object_id, [...(counts.get(r.cio_object_id) ?? []), r.cio_id]);
    const [cioObjectId, people] = [...counts].sort((a, b) => b[1].length - a[1].length)[0] ?? ['', []];
    const object = api.dataset.objects.find((o) => o.cio_object_id === cioObjectId);
    assert.ok(object);
    return { typeId: object.object_type_id, objectId: object.object_id, cioObjectId, people };
  }

  test('lists the people related to an object, paged, without relationship attributes', async () => {
    const o = busiestObject();
    assert.ok(o.people.length >= 3, 'the dataset relates several people to one object');
    const path = `/v1/objects/${o.typeId}/${o.objectId}/relationships`;
    const { items, pages } = await collect(api, path, 'cio_relationships', { limit: 2 });
    assert.equal(pages, Math.ceil(o.people.length / 2));
    const byCio = new Map(api.dataset.people.map((p) => [p.identifiers.cio_id, p]));
    const expected = [...o.people].sort().map((cio) => {
      const p = byCio.get(cio);
      assert.ok(p);
      const type = api.dataset.objectTypes.find((t) => t.id === o.typeId);
      return present(api.dataset.seed, 'object_relationship', {
        identifiers: { cio_id: cio, email: p.identifiers.email, id: p.identifiers.id },
        object_type_id: o.typeId,
        object_type_disabled: type?.enabled === false,
      });
    });
    assert.deepEqual(items, expected);
    for (const item of items) {
      assert.equal(item['attributes'], undefined);
      assert.equal(item['timestamps'], undefined);
      assert.equal(typeof item['object_type_disabled'], 'boolean');
    }
    // The same list by cio_object_id, and in one page at the default limit.
    const byCioObject = await call(api, withQuery(path.replace(o.objectId, o.cioObjectId), { id_type: 'cio_object_id' }));
    assert.deepEqual(byCioObject.body['cio_relationships'], expected);
    assert.equal(byCioObject.body['next'], '');
  });

  test('an object nobody relates to is an empty list; unknown objects and types are 404; a bad id_type is 400', async () => {
    const related = new Set(api.dataset.relationships.map((r) => r.cio_object_id));
    const lonely = api.dataset.objects.find((o) => !related.has(o.cio_object_id));
    assert.ok(lonely, 'some object has no related people');
    const empty = await call(api, `/v1/objects/${lonely.object_type_id}/${lonely.object_id}/relationships`);
    assert.equal(empty.status, 200);
    assert.deepEqual(empty.body, { cio_relationships: [], next: '' });
    const o = busiestObject();
    assert.equal((await call(api, `/v1/objects/${o.typeId}/no_such_object/relationships`)).status, 404);
    assert.equal((await call(api, `/v1/objects/999/${o.objectId}/relationships`)).status, 404);
    assert.equal((await call(api, `/v1/objects/${o.typeId}/${o.objectId}/relationships?id_type=email`)).status, 400);
    assert.equal((await call(api, `/v1/objects/${o.typeId}/${o.objectId}/relationships?start=garbage`)).status, 400);
  });

  test('deleted people answer 404 on every per-person endpoint, under each identifier', async () => {
    const gone = api.dataset.deletedPeople;
    assert.ok(gone.length > 0);
    for (const person of gone) {
      const keys: [string, string | null][] = [['cio_id', person.cio_id], ['id', person.id], ['email', person.email]];
      for (const [idType, value] of keys) {
        if (value === null) continue;
        for (const tail of ['messages', 'activities', 'relationships', 'attributes', 'segments']) {
          const answer = await call(api, withQuery(`/v1/customers/${encodeURIComponent(value)}/${tail}`, { id_type: idType }));
          assert.equal(answer.status, 404, `${tail} of deleted ${idType} ${value}`);
        }
      }
    }
  });

  test("deleted people's activities are in /v1/activities only with deleted=true", async () => {
    const gone = new Set(api.dataset.deletedPeople.map((p) => p.cio_id));
    const cioOf = (a: Json) => (a['customer_identifiers'] as Json)['cio_id'];
    const withDeleted = await collect(api, '/v1/activities', 'activities', { limit: 100, deleted: 'true' });
    const theirs = withDeleted.items.filter((a) => gone.has(String(cioOf(a))));
    assert.ok(theirs.length > 0, 'deleted people have activities');
    const live = await collect(api, '/v1/activities', 'activities', { limit: 100 });
    assert.ok(live.items.every((a) => !gone.has(String(cioOf(a)))));
    assert.equal(live.items.length + theirs.length, withDeleted.items.length);
  });
});
