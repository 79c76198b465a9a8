// A route table: method + path pattern ("/v1/campaigns/:campaign_id/actions") -> handler.
import type { Dataset } from './types.js';

export type MetricsShape = 'spec' | 'list';

/** What a handler gets. `query` keeps the last value of repeated parameters. */
export interface RequestContext {
  params: Record<string, string>;
  query: Record<string, string>;
  body: unknown;
  path: string;
  dataset: Dataset;
  metricsShape: MetricsShape;
}

/** Returns the JSON body of a 200 response, or throws HttpError. */
export type Handler = (ctx: RequestContext) => unknown;

export interface Route {
  method: 'GET' | 'POST';
  pattern: string;
  handler: Handler;
  /** Served without the bearer key (only /v1/info/ip_addresses). */
  public?: boolean;
}

export function route(method: Route['method'], pattern: string, handler: Handler, options: { public?: boolean } = {}): Route {
  return { method, pattern, handler, ...options };
}

interface CompiledRoute extends Route {
  segments: string[];
}

export interface RouteMatch {
  route: Route;
  params: Record<string, string>;
}

export class Router {
  private readonly compiled: CompiledRoute[];

  constructor(routes: readonly Route[]) {
    this.compiled = routes.map((r) => ({ ...r, segments: splitPath(r.pattern) }));
  }

  match(method: string, path: string): RouteMatch | undefined {
    const parts = splitPath(path);
    for (const candidate of this.compiled) {
      if (candidate.method !== method || candidate.segments.length !== parts.length) continue;
      const params = matchSegments(candidate.segments, parts);
      if (params) return { route: candidate, params };
    }
    return undefined;
  }
}

function splitPath(path: string): string[] {
  return path.split('/').filter((s) => s.length > 0);
}

function matchSegments(pattern: readonly string[], parts: readonly string[]): Record<string, string> | undefined {
  const params: Record<string, string> = {};
  for (let i = 0; i < pattern.length; i++) {
    const want = pattern[i] as string;
    const got = parts[i] as string;
    if (want.startsWith(':')) {
      try {
        params[want.slice(1)] = decodeURIComponent(got);
      } catch {
        return undefined;
      }
    } else if (want !== got) {
      return undefined;
    }
  }
  return params;
}
