// Fault injection driven by its own seeded Rng, so a failing run can be replayed exactly.
import { Rng } from './random.js';

export interface FaultProfile {
  seed?: number;
  /** Probability a request gets an injected 429 (before normal handling). */
  rate429?: number;
  /** Whether injected 429s carry `Retry-After: 1`; default 'always'. */
  retryAfter?: 'always' | 'never' | 'mixed';
  /** Probability of a 500/502/503. */
  status5xx?: number;
  /** Probability the socket is destroyed without a response. */
  reset?: number;
  /** Probability a 200 JSON body is cut in half (the connection is then closed). */
  truncate?: number;
  /** Delay every response by this many ms. */
  slowMs?: number;
  /** Path prefixes answered 403 with the errors body. */
  forbidden?: string[];
  /** Exact paths answered 404 (a parent deleted mid-sync). */
  notFound?: string[];
  /** Cap on injected 429/5xx/reset/truncate per request identity; default 3. */
  maxFaultsPerPath?: number;
}

export type FaultLabel = '429' | '429-no-retry-after' | '5xx' | 'reset' | 'truncate' | '403' | '404';

export type InjectedFault =
  | { kind: '429'; retryAfter: boolean }
  | { kind: '5xx'; status: 500 | 502 | 503 }
  | { kind: 'reset' }
  | { kind: 'truncate' };

const DEFAULT_MAX_FAULTS_PER_PATH = 3;

export class FaultInjector {
  private rng: Rng;
  private readonly perIdentity = new Map<string, number>();

  constructor(private profile: FaultProfile = {}) {
    this.rng = new Rng(profile.seed ?? 0);
  }

  get slowMs(): number {
    return this.profile.slowMs ?? 0;
  }

  /** Replaces the profile and restarts the sequence and the per-identity caps. */
  set(profile: FaultProfile): void {
    this.profile = profile;
    this.rng = new Rng(profile.seed ?? 0);
    this.perIdentity.clear();
  }

  /** A fixed 403/404 for this path, if the profile names it. These are not capped. */
  fixedStatus(path: string): 403 | 404 | undefined {
    if (this.profile.forbidden?.some((prefix) => path.startsWith(prefix))) return 403;
    if (this.profile.notFound?.includes(path)) return 404;
    return undefined;
  }

  /**
   * Draws the random fault for one request, if any. `identity` is method+path+query+body: once
   * it has had maxFaultsPerPath faults it always gets through, so a retrying client finishes.
   */
  draw(identity: string): InjectedFault | undefined {
    const p = this.profile;
    const roll = this.rng.next();
    const used = this.perIdentity.get(identity) ?? 0;
    if (used >= (p.maxFaultsPerPath ?? DEFAULT_MAX_FAULTS_PER_PATH)) return undefined;
    let fault: InjectedFault | undefined;
    let threshold = p.rate429 ?? 0;
    if (roll < threshold) {
      const mode = p.retryAfter ?? 'always';
      fault = { kind: '429', retryAfter: mode === 'always' || (mode === 'mixed' && this.rng.chance(0.5)) };
    } else if (roll < (threshold += p.status5xx ?? 0)) {
      fault = { kind: '5xx', status: this.rng.pick([500, 502, 503] as const) };
    } else if (roll < (threshold += p.reset ?? 0)) {
      fault = { kind: 'reset' };
    } else if (roll < (threshold += p.truncate ?? 0)) {
      fault = { kind: 'truncate' };
    }
    if (fault) this.perIdentity.set(identity, used + 1);
    return fault;
  }
}

export function faultLabel(fault: InjectedFault): FaultLabel {
  switch (fault.kind) {
    case '429':
      return fault.retryAfter ? '429' : '429-no-retry-after';
    case '5xx':
      return '5xx';
    case 'reset':
      return 'reset';
    case 'truncate':
      return 'truncate';
  }
}
