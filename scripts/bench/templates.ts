/** The fake's request log, counted per endpoint template ("GET /v1/campaigns/{id}/actions"). */

export interface LoggedCall { method: string; path: string; status: number }

export interface TemplateCount {
  /** Answered requests: every request that cost the budget and brought an answer, errors included. */
  requests: number;
  /** Refused by the rate limit (429): counted apart, they carry no data. */
  rateLimited: number;
  /** Among `requests`, answers other than 2xx (and connections reset without an answer). */
  errors: number;
}

function matcher(template: string): RegExp {
  const escaped = template.replace(/[.*+?^$()|[\]\\]/g, '\\$&').replace(/\{[^}]+\}/g, '[^/]+');
  return new RegExp(`^${escaped}$`);
}

/** Maps method + path to one of `templates`, or failing that to the path with id-like segments (any digit) as {id}. */
export function templateMapper(templates: Iterable<string>): (method: string, path: string) => string {
  const known = [...templates].map((t) => ({ template: t, re: matcher(t) }));
  return (method, path) => {
    const key = `${method} ${path}`;
    const hit = known.find((k) => k.re.test(key));
    if (hit) return hit.template;
    return `${method} ${path.split('/').map((s) => (/\d/.test(s) && !/^v\d+$/.test(s) ? '{id}' : s)).join('/')}`;
  };
}

/** Counts the log per template, in the order `templates` lists them, unknown templates after. */
export function countByTemplate(log: readonly LoggedCall[], templates: readonly string[]): Map<string, TemplateCount> {
  const toTemplate = templateMapper(templates);
  const out = new Map<string, TemplateCount>();
  for (const call of log) {
    const key = toTemplate(call.method, call.path);
    const c = out.get(key) ?? { requests: 0, rateLimited: 0, errors: 0 };
    if (call.status === 429) c.rateLimited++;
    else {
      c.requests++;
      if (call.status < 200 || call.status >= 300) c.errors++;
    }
    out.set(key, c);
  }
  const rank = (t: string) => {
    const i = templates.indexOf(t);
    return i < 0 ? templates.length : i;
  };
  return new Map([...out].sort(([a], [b]) => rank(a) - rank(b) || a.localeCompare(b)));
}
