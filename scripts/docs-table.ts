/*
 * Writes the parts of docs/customer-io.md that follow from the stream table (src/streams/definitions.ts),
 * so that a stream added to the table is documented without editing the page:
 *
 *   streams       "Supported streams": endpoint, key, cursor, request cost and personal data per stream
 *   incremental   "Incremental sync and state": which streams read incrementally, and how
 *   no-equivalent the streams that the comparison with Airbyte's connector maps to none of theirs
 *
 * Each part sits between `<!-- BEGIN GENERATED: name -->` and `<!-- END GENERATED: name -->`.
 * `npm run docs` (and `npm run generate`) rewrites them; test/docs.test.ts checks the committed
 * page equals renderDocs() of itself.
 */
import { readFileSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { fileURLToPath, pathToFileURL } from 'node:url';
import { STREAMS } from '../src/streams/definitions.js';
import type { Pagination, StreamDefinition } from '../src/streams/types.js';

export const DOCS_FILE = path.join(path.dirname(fileURLToPath(import.meta.url)), '..', 'docs', 'customer-io.md');

/** How the page names one item (and several) of a parent list; the stream name made singular otherwise. */
const NOUNS: Readonly<Record<string, readonly [string, string]>> = { customers: ['person', 'people'] };
const noun = (stream: string): string => NOUNS[stream]?.[0] ?? stream.replace(/_/g, ' ').replace(/s$/, '');
const nouns = (stream: string): string => NOUNS[stream]?.[1] ?? stream.replace(/_/g, ' ');
const ticked = (s: string): string => `\`${s}\``;

export const endpointOf = (s: StreamDefinition): string => `${'method' in s && s.method !== undefined ? s.method : 'GET'} /v1${s.path}`;

/** Requests of one read of one list: one, or one per page of the page size (the API's own when the row sets none). */
function perPage(p: Pagination): string {
  switch (p.kind) {
    case 'none':
    case 'single': return '1';
    case 'cursor': return p.limit === undefined ? '1 per page' : `1 per page of ${p.limit}`;
    case 'offset':
    case 'page': return `1 per page of ${p.limit}`;
  }
}

/** What one full read of the stream costs, from its kind of read, pagination and parent. */
export function requestCost(s: StreamDefinition): string {
  const ofParent = s.parent ? ` per ${noun(s.parent.stream)}` : '';
  switch (s.read) {
    case 'list':
    case 'newest_first': return `${perPage(s.pagination)}${ofParent}`;
    case 'batch': return `1 per ${s.batch.size} ${nouns(s.parent.stream)}`;
    case 'windows': return `${perPage(s.pagination)}${ofParent} per ${s.windowDays}-day window`;
    case 'metrics': return `1${ofParent} per metrics period`;
    case 'routed': return `none of its own: shares the read of ${ticked(s.from.name)}`;
    case 'partitioned': {
      const again = s.scopes ? `, again per configured ${ticked(s.scopes.param)}` : '';
      return `${perPage(s.pagination)} per ${ticked(s.partitions.param)} (${s.partitions.values.join(', ')})${again}`;
    }
  }
}

function streamsTable(streams: readonly StreamDefinition[]): string {
  const rows = streams.map((s) => [
    ticked(s.name),
    ticked(endpointOf(s)),
    s.primaryKey.map((k) => ticked(k.join('.'))).join(', '),
    s.cursor !== undefined ? `${ticked(s.cursor)} (full refresh, incremental)` : 'full refresh',
    requestCost(s),
    s.personal ? 'yes' : '',
  ]);
  return table(['stream', 'endpoint', 'primary key', 'cursor (sync modes)', 'requests', 'personal data'], rows);
}

const table = (header: readonly string[], rows: readonly string[][]): string =>
  [header, header.map(() => '---'), ...rows].map((r) => `| ${r.join(' | ')} |`).join('\n');

/** The ways an incremental stream reads; a stream with a cursor that fits none fails generation. */
interface IncrementalKind {
  kind: string;
  fits: (s: StreamDefinition) => boolean;
  how: (streams: readonly StreamDefinition[]) => string;
  state: (first: StreamDefinition) => string;
  also?: string;
}

const since = (s: StreamDefinition): string | undefined => (s.read === 'list' ? s.since : undefined);
const rootList = (s: StreamDefinition) => s.read === 'list' && s.parent === undefined;
const flat = (first: StreamDefinition) => ticked(`{"${first.cursor ?? ''}": 1732300000}`);

const INCREMENTAL: readonly IncrementalKind[] = [
  {
    kind: 'lists the API can neither filter nor sort',
    fits: (s) => rootList(s) && since(s) === undefined,
    how: () => 'read the list, keep records at or after the cursor minus `lookback_minutes`',
    state: flat,
  },
  {
    kind: 'lists the API filters by time',
    fits: (s) => rootList(s) && since(s) !== undefined,
    how: (streams) => `ask only for records after the cursor minus \`lookback_minutes\` (${[...new Set(streams.map((s) => ticked(since(s) ?? '')))].join(', ')})`,
    state: flat,
  },
  {
    kind: 'per-person activities',
    fits: (s) => s.read === 'list' && s.bulk !== undefined,
    how: () => 'on the bulk route (`people_streams_route` auto), the pass over GET /v1/activities as below; per person, each list read whole, keeping records at or after the cursor minus `lookback_minutes`',
    state: flat,
  },
  {
    kind: 'children of such lists',
    fits: (s) => s.read === 'list' && s.parent !== undefined,
    how: () => 'the same, with a cursor per parent (a parent\'s `updated` does not move when its children change)',
    state: (first) => ticked(`{"parents": {"5": {"${first.cursor ?? ''}": ...}}}`),
  },
  {
    kind: 'deliveries',
    fits: (s) => s.read === 'windows',
    how: () => '`start_ts`/`end_ts` windows from the cursor minus `messages_lookback_days` to the start of the sync',
    state: flat,
  },
  {
    kind: 'activities',
    fits: (s) => s.read === 'newest_first',
    how: () => 'newest first; stop at the first page wholly older than the cursor minus `lookback_minutes`',
    state: flat,
    also: ' (or the `activities_<type>` streams)',
  },
];

function incrementalTable(streams: readonly StreamDefinition[]): string {
  const withCursor = streams.filter((s) => s.cursor !== undefined);
  const unfit = withCursor.filter((s) => !INCREMENTAL.some((k) => k.fits(s)));
  if (unfit.length > 0) throw new Error(`scripts/docs-table.ts: no incremental kind fits ${unfit.map((s) => s.name).join(', ')}`);
  const rows = INCREMENTAL.flatMap((k) => {
    const members = withCursor.filter((s) => INCREMENTAL.find((x) => x.fits(s)) === k);
    const first = members[0];
    return first ? [[k.kind, members.map((s) => s.name).join(', ') + (k.also ?? ''), k.how(members), k.state(first)]] : [];
  });
  return table(['kind', 'streams', 'how', 'state'], rows);
}

/** Stream names in the second column of the comparison table ("Airbyte's stream | this connector"). */
function comparedStreams(page: string): Set<string> {
  const start = page.indexOf("| Airbyte's stream |");
  if (start === -1) throw new Error('docs/customer-io.md: no comparison table headed "Airbyte\'s stream"');
  const out = new Set<string>();
  for (const line of page.slice(start).split('\n').slice(2)) {
    if (!line.startsWith('|')) break;
    for (const m of (line.split('|')[2] ?? '').matchAll(/`([^`]+)`/g)) out.add(m[1]!);
  }
  return out;
}

function noEquivalent(streams: readonly StreamDefinition[], page: string): string {
  const compared = comparedStreams(page);
  const others = streams.filter((s) => !compared.has(s.name));
  const metrics = others.filter((s) => s.read === 'metrics').length;
  const names = others.filter((s) => s.read !== 'metrics').map((s) => ticked(s.name));
  const all = metrics > 0 ? [...names, `the ${metrics} metrics streams`] : names;
  const list = all.length > 1 ? `${all.slice(0, -1).join(', ')}, and ${all[all.length - 1]!}` : (all[0] ?? 'none');
  return wrap(`Streams of this connector that Airbyte's has no equivalent for: ${list}.`);
}

/** Breaks prose at spaces before column 100, as the rest of the page is written. */
function wrap(text: string, width = 100): string {
  const lines: string[] = [];
  let line = '';
  for (const word of text.split(' ')) {
    if (line !== '' && line.length + 1 + word.length > width) {
      lines.push(line);
      line = word;
    } else line = line === '' ? word : `${line} ${word}`;
  }
  return [...lines, line].join('\n');
}

/** Each generated part of the page, by the name its markers carry. */
function parts(page: string, streams: readonly StreamDefinition[]): Record<string, string> {
  return { streams: streamsTable(streams), incremental: incrementalTable(streams), 'no-equivalent': noEquivalent(streams, page) };
}

/** The page with every generated part rewritten; a part without its markers is an error. */
export function renderDocs(page: string, streams: readonly StreamDefinition[] = STREAMS): string {
  let out = page;
  for (const [name, body] of Object.entries(parts(page, streams))) {
    const begin = `<!-- BEGIN GENERATED: ${name} (npm run docs) -->`;
    const end = `<!-- END GENERATED: ${name} -->`;
    const from = out.indexOf(begin);
    const to = out.indexOf(end);
    if (from === -1 || to < from) throw new Error(`docs/customer-io.md: no "${begin}" ... "${end}" markers`);
    out = `${out.slice(0, from + begin.length)}\n${body}\n${out.slice(to)}`;
  }
  return out;
}

const entry = process.argv[1];
if (entry !== undefined && import.meta.url === pathToFileURL(path.resolve(entry)).href) {
  const page = readFileSync(DOCS_FILE, 'utf8');
  const next = renderDocs(page);
  if (next !== page) writeFileSync(DOCS_FILE, next);
  console.log(next === page ? 'docs/customer-io.md is up to date' : 'wrote docs/customer-io.md');
}
