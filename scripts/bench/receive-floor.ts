/**
 * The floor under the connector's CPU: the same GET requests the read sent, through undici and
 * the connector's own limiter at the same pace, each body received whole and then dropped
 * unparsed: a bare receiver. Whatever the connector spends above this is its own work; this part is Node's HTTP
 * stack, the kernel and an idle process waiting on the limiter.
 *
 *   node --import tsx scripts/bench/receive-floor.ts <base url> <key> <requests per second> <file of paths>
 *
 * Before that it takes as many turns of a limiter at the same pace with nothing to do: the CPU of
 * a process that only wakes that often, which on a virtual machine can be most of the floor.
 *
 * Prints {"cpuMicros":N,"wakingMicros":N,"requests":N,"bytes":N}; CPU is counted from the first
 * turn to the last (start-up and imports are left out, as "net of startup" leaves them out of
 * the read).
 */
import { readFileSync } from 'node:fs';
import { setTimeout as sleep } from 'node:timers/promises';
import { Agent, request } from 'undici';
import { createLimiter } from '../../src/http/limiter.js';

const [baseUrl, apiKey, rps, pathsFile] = process.argv.slice(2);
if (baseUrl === undefined || apiKey === undefined || rps === undefined || pathsFile === undefined) {
  process.stderr.write('usage: receive-floor.ts <base url> <key> <requests per second> <file of paths>\n');
  process.exit(2);
}
// Each line as the fake logs it: /v1/messages?limit=1000&... (the client adds /v1 itself).
const paths = readFileSync(pathsFile, 'utf8').split('\n').filter((line) => line.startsWith('/v1/'));
const wait = (ms: number) => sleep(ms).then(() => undefined);

const idle = createLimiter(Number(rps), wait);
const waking = process.cpuUsage();
for (let turn = 0; turn < paths.length; turn++) await idle.schedule(() => Promise.resolve());
const woken = process.cpuUsage(waking);
await idle.stop();

const dispatcher = new Agent({ keepAliveTimeout: 30_000, connections: 32 });
const limiter = createLimiter(Number(rps), wait);
const started = process.cpuUsage();
let bytes = 0;
for (const line of paths) {
  const response = await limiter.schedule(() => request(new URL(line, baseUrl), { dispatcher, headers: { authorization: `Bearer ${apiKey}`, accept: 'application/json' } }));
  bytes += (await response.body.arrayBuffer()).byteLength;
}
const used = process.cpuUsage(started);
await limiter.stop();
await dispatcher.close();
process.stdout.write(`${JSON.stringify({ cpuMicros: used.user + used.system, wakingMicros: woken.user + woken.system, requests: paths.length, bytes })}\n`);
