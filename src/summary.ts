/** The end-of-stream LOG line, and its parser for the demo and the benchmark: one format, one place. */
export interface StreamSummary { stream: string; records: number; seconds: number; requests: number }

export function formatSummary(s: StreamSummary): string {
  return `Read ${s.records} records from ${s.stream} in ${s.seconds.toFixed(1)} s with ${s.requests} requests.`;
}

const PATTERN = /Read (\d+) records from (\S+) in ([\d.]+) s with (\d+) requests/;

export function parseSummary(text: string): StreamSummary | undefined {
  const m = PATTERN.exec(text);
  return m ? { records: Number(m[1]), stream: m[2] as string, seconds: Number(m[3]), requests: Number(m[4]) } : undefined;
}
