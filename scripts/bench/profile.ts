/**
 * A short summary of a V8 CPU profile (.cpuprofile, as `node --cpu-prof` writes it): where the
 * connector spends its own time, by function and by file. Idle time (waiting on the network) is
 * left out of the percentages.
 */
import { readdirSync, readFileSync } from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';

interface CallFrame { functionName: string; url: string; lineNumber: number }
interface ProfileNode { id: number; callFrame: CallFrame }
export interface CpuProfile { nodes: ProfileNode[]; startTime: number; endTime: number; samples: number[]; timeDeltas: number[] }

export interface Hotspot { name: string; file: string; selfMs: number; percent: number }
export interface ProfileSummary {
  /** Sampled time outside (idle), in ms: the 100 % of the percentages. */
  busyMs: number;
  idleMs: number;
  functions: Hotspot[];
  files: Array<{ file: string; selfMs: number; percent: number }>;
}

/**
 * The file a frame belongs to, short: relative to `root` (dependencies from node_modules/ on, even
 * through a link), node: internals as they are, and (native) for V8 builtins and natives.
 */
export function fileOf(url: string, root: string): string {
  if (url === '') return '(native)';
  if (!url.startsWith('file://')) return url;
  const file = fileURLToPath(url);
  const dependency = file.lastIndexOf('/node_modules/');
  if (dependency >= 0) return file.slice(dependency + 1);
  const rel = path.relative(root, file);
  return rel.startsWith('..') ? file : rel;
}

/** Self time of every node, in µs: each sample lasts until the next one (the last until endTime). */
function selfTimes(p: CpuProfile): Map<number, number> {
  const out = new Map<number, number>();
  let t = p.startTime;
  const times = p.timeDeltas.map((d) => (t += d));
  p.samples.forEach((id, i) => {
    const next = i + 1 < times.length ? times[i + 1]! : p.endTime;
    out.set(id, (out.get(id) ?? 0) + Math.max(0, next - times[i]!));
  });
  return out;
}

export function summarise(p: CpuProfile, root: string, top = 10): ProfileSummary {
  const self = selfTimes(p);
  const byFunction = new Map<string, { name: string; file: string; micros: number }>();
  const byFile = new Map<string, number>();
  let idle = 0;
  let busy = 0;
  for (const node of p.nodes) {
    const micros = self.get(node.id) ?? 0;
    if (micros === 0) continue;
    const frame = node.callFrame;
    if (frame.functionName === '(idle)') {
      idle += micros;
      continue;
    }
    busy += micros;
    const file = fileOf(frame.url, root);
    const name = `${frame.functionName || '(anonymous)'}${frame.url ? `:${frame.lineNumber + 1}` : ''}`;
    const key = `${file} ${name}`;
    const entry = byFunction.get(key) ?? { name, file, micros: 0 };
    entry.micros += micros;
    byFunction.set(key, entry);
    byFile.set(file, (byFile.get(file) ?? 0) + micros);
  }
  const percent = (micros: number) => (busy === 0 ? 0 : (100 * micros) / busy);
  return {
    busyMs: busy / 1000,
    idleMs: idle / 1000,
    functions: [...byFunction.values()].sort((a, b) => b.micros - a.micros).slice(0, top)
      .map((f) => ({ name: f.name, file: f.file, selfMs: f.micros / 1000, percent: percent(f.micros) })),
    files: [...byFile].sort((a, b) => b[1] - a[1]).slice(0, top)
      .map(([file, micros]) => ({ file, selfMs: micros / 1000, percent: percent(micros) })),
  };
}

/** The one profile `node --cpu-prof` wrote into `dir`. */
export function readProfile(dir: string): CpuProfile {
  const file = readdirSync(dir).find((f) => f.endsWith('.cpuprofile'));
  if (file === undefined) throw new Error(`no .cpuprofile in ${dir}`);
  return JSON.parse(readFileSync(path.join(dir, file), 'utf8')) as CpuProfile;
}
