// The packaging files, parsed once for the packaging-*.test.ts files: the Dockerfile's runtime
// stage, metadata.yaml, package.json, the spec and acceptance-test-config.yml.
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import path from 'node:path';
import { parse as parseYaml } from 'yaml';
import { ROOT } from './connector.js';

export { ROOT };
export const read = (file: string): string => readFileSync(path.join(ROOT, file), 'utf8');
// ----------------------------------------------------------------------------------- Dockerfile

export interface Instruction {
  keyword: string;
  args: string;
}

/** Splits a Dockerfile into instructions: comments dropped, backslash continuations joined. */
export function parseDockerfile(text: string): Instruction[] {
  const out: Instruction[] = [];
  let pending = '';
  for (const raw of text.split('\n')) {
    const line = raw.trim();
    if (pending === '' && (line === '' || line.startsWith('#'))) continue;
    if (line.startsWith('#')) continue; // a comment inside a continued instruction
    if (line.endsWith('\\')) {
      pending += line.slice(0, -1) + ' ';
      continue;
    }
    const full = (pending + line).trim();
    pending = '';
    const match = /^(\S+)\s*(.*)$/s.exec(full);
    if (match) out.push({ keyword: match[1]!.toUpperCase(), args: match[2]!.trim() });
  }
  return out;
}

/** Reads the key=value pairs of ENV or LABEL (values may be double-quoted); also the legacy `ENV KEY value`. */
export function parsePairs(args: string): Map<string, string> {
  const pairs = new Map<string, string>();
  const re = /([A-Za-z0-9_.\-]+)=("(?:[^"\\]|\\.)*"|\S*)/g;
  let found = false;
  for (const m of args.matchAll(re)) {
    found = true;
    const value = m[2]!;
    pairs.set(m[1]!, value.startsWith('"') ? (JSON.parse(value) as string) : value);
  }
  if (!found) {
    const legacy = /^(\S+)\s+(.*)$/.exec(args);
    if (legacy) pairs.set(legacy[1]!, legacy[2]!);
  }
  return pairs;
}

const dockerfile = parseDockerfile(read('Dockerfile'));
export const stages: Instruction[][] = [];
for (const ins of dockerfile) {
  if (ins.keyword === 'FROM') stages.push([]);
  stages.at(-1)?.push(ins);
}
export const runtime = stages.at(-1) ?? [];
export const runtimeEnv = new Map<string, string>();
export const runtimeLabels = new Map<string, string>();
for (const ins of runtime) {
  if (ins.keyword === 'ENV') for (const [k, v] of parsePairs(ins.args)) runtimeEnv.set(k, v);
  if (ins.keyword === 'LABEL') for (const [k, v] of parsePairs(ins.args)) runtimeLabels.set(k, v);
}
export const last = (keyword: string): Instruction | undefined => runtime.filter((i) => i.keyword === keyword).at(-1);

export function entrypointArray(): string[] {
  const ins = last('ENTRYPOINT');
  assert.ok(ins, 'the runtime stage has an ENTRYPOINT');
  let value: unknown;
  try {
    value = JSON.parse(ins.args);
  } catch {
    assert.fail(`ENTRYPOINT must be in exec (JSON array) form, got: ${ins.args}`);
  }
  assert.ok(Array.isArray(value) && value.length > 0 && value.every((v) => typeof v === 'string'), 'ENTRYPOINT is a non-empty array of strings');
  return value as string[];
}

// ------------------------------------------------------------------------------ metadata & co.

export interface Metadata {
  metadataSpecVersion: unknown;
  data: Record<string, unknown>;
}
export const metadata = parseYaml(read('metadata.yaml')) as Metadata;
export const data = metadata.data;
export const pkg = JSON.parse(read('package.json')) as { name: string; version: string; license: string };
export const spec = JSON.parse(read('schemas/spec.json')) as { documentationUrl?: string };
export const cat = parseYaml(read('acceptance-test-config.yml')) as Record<string, unknown>;

// The image is a community connector: publishing under Airbyte's namespace would clash with
// Airbyte's own Customer.io connector, so every file names the one repository below.
export const IMAGE = 'ghcr.io/source-customer-io/source-customer-io';
