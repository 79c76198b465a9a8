import { spawn } from 'node:child_process';
import { mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { fileURLToPath, pathToFileURL } from 'node:url';
import { Ajv, type ValidateFunction } from 'ajv';
import { parse as parseYaml } from 'yaml';
import { TEST_PACE_VARIABLE } from '../../src/cli.js';
import { streamStateProblems } from './state-schema.js';

export const ROOT = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..', '..');
export const BIN = path.join(ROOT, 'dist', 'bin', 'main.js');

export type Json = Record<string, unknown>;
export interface Message { type: string; [key: string]: unknown }

export interface RunResult {
  code: number | null;
  signal: NodeJS.Signals | null;
  stdout: string;
  stderr: string;
  messages: Message[];
  /** stdout after its last newline: '' when it ends on a whole line. */
  trailing: string;
  /** Whether signalAfterLines sent its signal before the process closed. */
  signalled: boolean;
}

let validator: ValidateFunction | undefined;
function protocolValidator(): ValidateFunction {
  if (validator) return validator;
  const doc = parseYaml(readFileSync(path.join(ROOT, 'test', 'protocol', 'airbyte_protocol.yaml'), 'utf8')) as Json;
  const ajv = new Ajv({ strict: false, allErrors: true, validateFormats: false });
  ajv.addSchema(doc, 'airbyte');
  validator = ajv.getSchema('airbyte#/definitions/AirbyteMessage');
  if (!validator) throw new Error('AirbyteMessage definition not found');
  return validator;
}

const PAYLOAD: Record<string, string> = {
  RECORD: 'record', STATE: 'state', LOG: 'log', SPEC: 'spec', CONNECTION_STATUS: 'connectionStatus',
  CATALOG: 'catalog', TRACE: 'trace', CONTROL: 'control',
};

/** Every problem with one stdout line: not JSON, not an AirbyteMessage, or the wrong payload field. */
export function lineProblems(line: string, clockOffsetMs = 0): string[] {
  let msg: unknown;
  try {
    msg = JSON.parse(line);
  } catch {
    return [`not JSON: ${line.slice(0, 120)}`];
  }
  const validate = protocolValidator();
  const problems: string[] = [];
  if (!validate(msg)) problems.push(`invalid AirbyteMessage: ${JSON.stringify(validate.errors?.slice(0, 3))} in ${line.slice(0, 200)}`);
  const m = msg as Message;
  const field = PAYLOAD[m.type];
  if (field === undefined || !(field in m)) problems.push(`payload field for ${m.type} missing`);
  for (const other of Object.values(PAYLOAD)) if (other !== field && other in m) problems.push(`extra payload field ${other} on ${m.type}`);
  if (m.type === 'STATE') {
    // Every STATE any test sees has the documented shape of its stream's kind of read.
    const stream = (m['state'] as Json)['stream'] as Json;
    problems.push(...streamStateProblems(((stream['stream_descriptor'] as Json)['name']) as string, stream['stream_state']));
  }
  if (m.type === 'TRACE') {
    const trace = m['trace'] as Json;
    const at = trace['emitted_at'] as number;
    if (Math.abs(at - (Date.now() + clockOffsetMs)) > 86_400_000) problems.push(`TRACE emitted_at not in ms: ${at}`);
    if (trace['type'] === 'ERROR') {
      const error = trace['error'] as Json;
      if (!error['message'] || !['system_error', 'config_error', 'transient_error'].includes(String(error['failure_type']))) problems.push(`bad TRACE ERROR ${line}`);
    }
  }
  return problems;
}

export function tempDir(): string {
  return mkdtempSync(path.join(tmpdir(), 'cio-test-'));
}

export function writeJson(dir: string, name: string, value: unknown): string {
  const file = path.join(dir, name);
  writeFileSync(file, typeof value === 'string' ? value : JSON.stringify(value));
  return file;
}

export interface RunOptions {
  timeoutMs?: number;
  /** Kill the process with SIGKILL once this many stdout lines have arrived. */
  killAfterLines?: number;
  /**
   * Send this signal (once) when this many stdout lines have arrived, as the platform cancels a
   * sync; `onSent` runs just before it is sent (e.g. to mark the fake's request log).
   */
  signalAfterLines?: { signal: NodeJS.Signals; lines: number; onSent?: () => void };
  /** Skip protocol validation (used for huge outputs where it is sampled instead). */
  validate?: boolean;
  /** Run the connector with its clock starting at this instant (ms since the epoch); see shifted-clock.mjs. */
  clockAt?: number;
  /**
   * Keep the connector at the config's pace (10 requests a second by default). Only tests of
   * pacing, 429 handling or timing-sensitive cancellation need it; the others run at UNPACED_RPS.
   */
  paced?: boolean;
}

/**
 * The pace of an unpaced test read (CIO_TEST_REQUESTS_PER_SECOND), and the limit a test's fake
 * is started with (startTestApi) so that it never answers such a read with 429.
 */
export const UNPACED_RPS = 500;

const SHIFTED_CLOCK = path.join(ROOT, 'test', 'helpers', 'shifted-clock.mjs');

/** Runs the built connector as Airbyte would and checks every stdout line against the protocol. */
export function runConnector(args: string[], options: RunOptions = {}): Promise<RunResult> {
  return new Promise((resolve, reject) => {
    const clock = options.clockAt === undefined ? [] : ['--import', pathToFileURL(SHIFTED_CLOCK).href];
    const env: NodeJS.ProcessEnv = { ...process.env };
    // A paced run must not inherit the variable from the shell either.
    if (options.paced === true) delete env[TEST_PACE_VARIABLE];
    else env[TEST_PACE_VARIABLE] = String(UNPACED_RPS);
    if (options.clockAt !== undefined) env['CIO_TEST_CLOCK_AT'] = String(options.clockAt);
    const clockOffsetMs = options.clockAt === undefined ? 0 : options.clockAt - Date.now();
    const child = spawn(process.execPath, [...clock, BIN, ...args], { cwd: ROOT, env, stdio: ['ignore', 'pipe', 'pipe'] });
    const out: string[] = [];
    let partial = '';
    let lines = 0;
    let stderr = '';
    let signalled = false;
    const timer = setTimeout(() => child.kill('SIGKILL'), options.timeoutMs ?? 120_000);
    child.stdout.setEncoding('utf8');
    child.stdout.on('data', (chunk: string) => {
      const text = partial + chunk;
      const parts = text.split('\n');
      partial = parts.pop() ?? '';
      out.push(...parts);
      lines += parts.length;
      if (options.killAfterLines !== undefined && lines >= options.killAfterLines) child.kill('SIGKILL');
      const stop = options.signalAfterLines;
      if (stop !== undefined && !signalled && lines >= stop.lines) {
        signalled = true;
        stop.onSent?.();
        child.kill(stop.signal);
      }
    });
    child.stderr.setEncoding('utf8');
    child.stderr.on('data', (chunk: string) => { stderr += chunk; });
    child.on('error', reject);
    child.on('close', (code, signal) => {
      clearTimeout(timer);
      // A killed process may leave half a line: that is the kill, not the connector.
      const complete = signal === null && partial !== '' ? [...out, partial] : out;
      const messages: Message[] = [];
      const problems: string[] = [];
      for (const line of complete) {
        if (line === '') continue;
        if (options.validate !== false) problems.push(...lineProblems(line, clockOffsetMs));
        try {
          messages.push(JSON.parse(line) as Message);
        } catch {
          problems.push(`not JSON: ${line.slice(0, 100)}`);
        }
      }
      if (problems.length > 0) {
        reject(new Error(`protocol problems:\n${problems.slice(0, 10).join('\n')}`));
        return;
      }
      resolve({ code, signal, stdout: complete.join('\n'), stderr, messages, trailing: partial, signalled });
    });
  });
}

export const ofType = (messages: Message[], type: string): Json[] =>
  messages.filter((m) => m.type === type).map((m) => m[PAYLOAD[type] as string] as Json);

export function records(messages: Message[], stream?: string): Json[] {
  return ofType(messages, 'RECORD').filter((r) => stream === undefined || r['stream'] === stream).map((r) => r['data'] as Json);
}

/** A stream's records by id, each once (a route's fallback may repeat some). */
export function recordsById(messages: Message[], stream: string): Map<string, Json> {
  return new Map(records(messages, stream).map((r) => [String(r['id']), r]));
}

export function states(messages: Message[], stream?: string): Json[] {
  return ofType(messages, 'STATE').filter((s) => stream === undefined || ((s['stream'] as Json)['stream_descriptor'] as Json)['name'] === stream);
}

export function statuses(messages: Message[], stream: string): string[] {
  return ofType(messages, 'TRACE')
    .filter((t) => t['type'] === 'STREAM_STATUS' && (((t['stream_status'] as Json)['stream_descriptor'] as Json)['name'] === stream))
    .map((t) => (t['stream_status'] as Json)['status'] as string);
}

export function traceErrors(messages: Message[]): Json[] {
  return ofType(messages, 'TRACE').filter((t) => t['type'] === 'ERROR').map((t) => t['error'] as Json);
}

/** The last stream_state of each stream, as the platform would pass it to the next sync. */
export function lastStates(messages: Message[]): Json[] {
  const last = new Map<string, Json>();
  for (const s of states(messages)) {
    const stream = s['stream'] as Json;
    last.set((stream['stream_descriptor'] as Json)['name'] as string, stream['stream_state'] as Json);
  }
  return [...last].map(([name, stream_state]) => ({ type: 'STREAM', stream: { stream_descriptor: { name }, stream_state } }));
}

export function configuredCatalog(streams: Array<{ name: string; syncMode?: 'full_refresh' | 'incremental' }>, discovered: Json[]): Json {
  return {
    streams: streams.map(({ name, syncMode }) => {
      const stream = discovered.find((s) => s['name'] === name);
      if (!stream) throw new Error(`stream ${name} not discovered`);
      const mode = syncMode ?? 'full_refresh';
      return {
        stream,
        sync_mode: mode,
        destination_sync_mode: mode === 'incremental' ? 'append_dedup' : 'overwrite',
        ...(mode === 'incremental' ? { cursor_field: stream['default_cursor_field'] } : {}),
        primary_key: stream['source_defined_primary_key'],
      };
    }),
  };
}

/** The primary key tuple of a record, as one string. */
export function pkOf(record: Json, primaryKey: string[][]): string {
  return JSON.stringify(primaryKey.map((p) => p.reduce<unknown>((v, k) => (v as Json | undefined)?.[k], record)));
}

/** BR-14: states of a stream equal to its previous state although records of it came in between. */
export function repeatedStatesAfterRecords(messages: Message[]): string[] {
  const last = new Map<string, string>();
  const seenRecords = new Map<string, number>();
  const out: string[] = [];
  for (const m of messages) {
    if (m.type === 'RECORD') {
      const s = (m['record'] as Json)['stream'] as string;
      seenRecords.set(s, (seenRecords.get(s) ?? 0) + 1);
    } else if (m.type === 'STATE') {
      const st = (m['state'] as Json)['stream'] as Json;
      const name = (st['stream_descriptor'] as Json)['name'] as string;
      const value = JSON.stringify(st['stream_state']);
      if (last.get(name) === value && (seenRecords.get(name) ?? 0) > 0) out.push(`${name}: ${value.slice(0, 80)}`);
      last.set(name, value);
      seenRecords.set(name, 0);
    }
  }
  return out;
}

/** Writes a config for a fake API and discovers its streams with the built connector. */
export async function discoverFake(url: string, key: string, dir: string, extra: Json = {}): Promise<{ config: string; streams: Json[] }> {
  const config = writeJson(dir, `config-${Math.random().toString(36).slice(2)}.json`, { app_api_key: key, base_url: url, ...extra });
  const run = await runConnector(['discover', '--config', config]);
  if (run.code !== 0) throw new Error(`discover failed: ${run.stdout.slice(-500)}`);
  return { config, streams: (ofType(run.messages, 'CATALOG')[0] as Json)['streams'] as Json[] };
}

/**
 * Records a destination would keep from a killed run: per stream, those emitted before that
 * stream's last STATE. Returns them with the last states.
 */
export function committed(messages: Message[]): { records: Map<string, Json[]>; states: Map<string, Json> } {
  const pending = new Map<string, Json[]>();
  const records = new Map<string, Json[]>();
  const states = new Map<string, Json>();
  for (const m of messages) {
    if (m.type === 'RECORD') {
      const r = m['record'] as Json;
      const list = pending.get(r['stream'] as string) ?? [];
      list.push(r['data'] as Json);
      pending.set(r['stream'] as string, list);
    } else if (m.type === 'STATE') {
      const s = (m['state'] as Json)['stream'] as Json;
      const name = (s['stream_descriptor'] as Json)['name'] as string;
      states.set(name, s['stream_state'] as Json);
      records.set(name, [...(records.get(name) ?? []), ...(pending.get(name) ?? [])]);
      pending.set(name, []);
    }
  }
  return { records, states };
}

/** A catalog of `names` with empty schemas (the connector reads its own), each in `syncMode`; incremental on `cursor`. */
export function catalogOf(names: string[], syncMode: 'full_refresh' | 'incremental' = 'full_refresh', cursor?: string): Json {
  return {
    streams: names.map((name) => ({
      stream: { name, json_schema: {}, supported_sync_modes: ['full_refresh', 'incremental'] },
      sync_mode: syncMode,
      destination_sync_mode: syncMode === 'incremental' ? 'append' : 'overwrite',
      ...(syncMode === 'incremental' && cursor !== undefined ? { cursor_field: [cursor] } : {}),
    })),
  };
}

/** The messages of a run's LOG lines at `level`. */
export const logLines = (run: RunResult, level: string): string[] => ofType(run.messages, 'LOG').filter((l) => l['level'] === level).map((l) => l['message'] as string);
