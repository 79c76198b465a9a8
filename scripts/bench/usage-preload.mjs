// Preloaded into the connector by the benchmark (node --import): writes the process's own
// resource usage (CPU µs, peak RSS KB) to $BENCH_USAGE_FILE as it exits, however it exits short of
// a kill. The process measures itself, so no wrapper's CPU or memory is mixed in.
import { writeFileSync } from 'node:fs';

const file = process.env.BENCH_USAGE_FILE;
if (file) process.on('exit', () => writeFileSync(file, JSON.stringify(process.resourceUsage())));
