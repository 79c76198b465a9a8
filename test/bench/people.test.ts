// The people mode's pure parts: the projection's formulas, each route's minimum, the routes read
// from the spec, and the report's columns.
import assert from 'node:assert/strict';
import { describe, test } from 'node:test';
import { generateDataset } from '../../fake-api/index.js';
import { minimumRequests } from '../../scripts/bench/minimum.js';
import { PEOPLE_STREAMS, PER_PERSON, peopleMinimum, routesOffered, SAMPLED, THROUGH_OBJECTS } from '../../scripts/bench/people-minimum.js';
import type { PeopleResult, RouteRun } from '../../scripts/bench/people.js';
import { messagesLatencyReport, peopleReport, PROJECTION_COLUMNS, projectionReport, REQUEST_COLUMNS, requestTable, wallTime } from '../../scripts/bench/people-report.js';
import { hoursAt, ISSUE_WORKSPACE, perPersonRequests, project, SELF_CHECK_SAMPLE } from '../../scripts/bench/projection.js';
import { templateRows } from '../../scripts/bench/requests.js';

const NOW = 1_750_000_000;
const DAY = 86_400;
const history = { periods: ['days'], from: NOW - 360 * DAY + 1, to: NOW };

describe('projection', () => {
  const p = project(ISSUE_WORKSPACE);
  const row = (part: string) => p.rows.find((r) => r.part.startsWith(part));

  test('workspace lists and people search come from the page sizes, the same on both routes', () => {
    assert.deepEqual(row('POST /v1/customers (search)'), { part: 'POST /v1/customers (search)', perPerson: 1000, bulk: 1000 });
    assert.equal(row('POST /v1/customers/attributes')?.bulk, 10_000);
    // 20,000,000 / 1000, plus one short page for the second window.
    assert.equal(row('GET /v1/messages')?.perPerson, 20_001);
    assert.equal(row('GET /v1/activities')?.bulk, 500_000);
  });

  test('per person: a request a person and stream at least, a window each for messages; bulk: the sample only for messages and activities', () => {
    assert.equal(row('GET /v1/customers/{id}/messages')?.perPerson, 2_000_000);
    assert.equal(row('GET /v1/customers/{id}/messages')?.bulk, 2 * SELF_CHECK_SAMPLE);
    assert.equal(row('GET /v1/customers/{id}/activities')?.perPerson, 1_000_000);
    // From /v1/activities on the bulk route: the sample only.
    assert.equal(row('GET /v1/customers/{id}/activities')?.bulk, SELF_CHECK_SAMPLE);
    assert.equal(row('GET /v1/customers/{id}/relationships')?.perPerson, 1_000_000);
  });

  test('bulk: customer_relationships through 100,000 objects, then the 40 % of people they name and the sample\'s unrelated 12', () => {
    assert.deepEqual(row('GET /v1/object_types, POST /v1/objects'), { part: 'GET /v1/object_types, POST /v1/objects', perPerson: 0, bulk: 101 });
    assert.deepEqual(row('GET /v1/objects/{type}/{id}/relationships'), { part: 'GET /v1/objects/{type}/{id}/relationships', perPerson: 0, bulk: 100_000 });
    assert.equal(row('GET /v1/customers/{id}/relationships')?.bulk, 400_012);
    // As many objects as people: per person is cheaper, and the bulk route takes it.
    const dear = project({ ...ISSUE_WORKSPACE, objects: 1_000_000 });
    assert.equal(dear.rows.find((r) => r.part === 'GET /v1/customers/{id}/relationships')?.bulk, 1_000_000);
    assert.equal(dear.rows.find((r) => r.part === 'GET /v1/objects/{type}/{id}/relationships')?.bulk, 0);
  });

  test('totals and hours at 10 requests a second', () => {
    assert.equal(p.total.per_person, 1000 + 10_000 + 20_001 + 500_000 + 2_000_000 + 1_000_000 + 1_000_000);
    assert.equal(p.total.bulk, 1000 + 10_000 + 20_001 + 500_000 + 40 + 20 + 101 + 100_000 + 400_012);
    assert.equal(p.hours.per_person, p.total.per_person / 36_000);
    assert.equal(hoursAt(36_000, 10), 1);
    assert.ok(p.assumptions.length >= 4);
  });

  test('a list longer than a page costs more than one request a person', () => {
    assert.equal(perPersonRequests(10, 250, 100), 30);
    assert.equal(perPersonRequests(10, 0, 100), 10);
  });

  test('an empty workspace costs one request an endpoint, with the sample cut to the people there are', () => {
    const empty = project({ people: 0, deliveries: 0, activities: 0, rps: 10, deliveryWindows: 1, objects: 0, relatedShare: 0 });
    assert.equal(empty.rows.find((r) => r.part === 'GET /v1/customers/{id}/messages')?.bulk, 0);
    assert.equal(empty.rows.find((r) => r.part === 'GET /v1/activities')?.perPerson, 1);
  });
});

describe('minimum per route', () => {
  const d = generateDataset({ size: { people: 60, messages: 400, activities: 300 }, seed: 3, now: NOW });

  test('per_person is minimum.ts\'s rule for the people streams on that route', () => {
    assert.deepEqual(peopleMinimum(d, history, PER_PERSON), minimumRequests(d, { ...history, streams: PEOPLE_STREAMS, route: 'per_person' }));
  });

  test('a bulk route reads the sampled endpoints for 20 people, relationships through the objects, everything else as per_person', () => {
    const perPerson = peopleMinimum(d, history, PER_PERSON);
    const bulk = peopleMinimum(d, history, 'auto');
    for (const [key, n] of perPerson) {
      if ((SAMPLED as readonly string[]).includes(key) || key === THROUGH_OBJECTS.fewer) assert.ok((bulk.get(key) ?? 0) < n, key);
      else assert.equal(bulk.get(key), n, key);
    }
    for (const key of THROUGH_OBJECTS.reads) assert.ok(!perPerson.has(key) && (bulk.get(key) ?? 0) > 0, key);
    // Two 6-month windows a person for messages.
    assert.equal(bulk.get('GET /v1/customers/{id}/messages'), 2 * SELF_CHECK_SAMPLE);
  });

  test('routes come from the spec\'s people_streams_route enum; none when the option is missing', () => {
    const spec = (properties: object) => ({ connectionSpecification: { properties } });
    assert.deepEqual(routesOffered(spec({ people_streams_route: { type: 'string', enum: ['auto', 'per_person'] } })), ['auto', 'per_person']);
    assert.equal(routesOffered(spec({ region: { enum: ['us', 'eu'] } })), undefined);
    assert.equal(routesOffered({}), undefined);
  });
});

describe('people report', () => {
  const { rows, total } = templateRows(
    new Map([['POST /v1/customers', 1], ['GET /v1/customers/{id}/messages', 40]]),
    new Map([['POST /v1/customers', { requests: 1, rateLimited: 0, errors: 0 }], ['GET /v1/customers/{id}/messages', { requests: 50, rateLimited: 2, errors: 1 }]]),
  );
  const run: RouteRun = { route: 'auto', exitCode: 0, records: 123, seconds: 6, incomplete: [], errors: [], rows, total };

  test('wall time is set against requests / rate; unlimited has no ideal', () => {
    assert.deepEqual(wallTime(51, 10, 6.12), { idealSeconds: 5.1, ratio: 6.12 / 5.1 });
    assert.deepEqual(wallTime(51, 0, 6), { idealSeconds: undefined, ratio: undefined });
  });

  test('the request table has its columns, a row per template and a total', () => {
    const lines = requestTable(run).split('\n');
    assert.deepEqual(lines[0]?.split(/\s{2,}/), [...REQUEST_COLUMNS]);
    assert.deepEqual(lines[2]?.split(/\s{2,}/), ['GET /v1/customers/{id}/messages', '50', '40', '1.25', '2', '1']);
    assert.deepEqual(lines.at(-1)?.split(/\s{2,}/), ['total', '51', '41', '1.24', '2', '1']);
  });

  test('the whole report names each route, the wall-time target and the projection', () => {
    const result: PeopleResult = { size: 'tiny', people: 300, deliveries: 60, activities: 40, latencyMs: 400, rps: 10, runs: [run, { ...run, route: undefined }] };
    const text = peopleReport(result, project(ISSUE_WORKSPACE));
    assert.match(text, /^route auto$/m);
    assert.match(text, /route per_person \(the spec offers no people_streams_route/);
    assert.match(text, /wall 6\.0 s for 51 requests, requests \/ rate 5\.1 s: 1\.18x \(target ≤ 1\.2x\)/);
    assert.match(text, /Projection for 1,000,000 people, 20,000,000 deliveries and 50,000,000 activities/);
    assert.deepEqual(projectionReport(project(ISSUE_WORKSPACE)).split('\n')[1]?.split(/\s{2,}/), [...PROJECTION_COLUMNS]);
    assert.match(text, /hours at 10 requests\/s\s+125\.9\s+28\.6/);
  });

  test('messages at latency: records per second against 9,000', () => {
    const text = messagesLatencyReport({ messages: 200_000, latencyMs: 400, rps: 10, run: { ...run, records: 90_000, seconds: 20 } });
    assert.match(text, /4500 records\/s \(target ≥ 9,000\)/);
  });
});
