#!/usr/bin/env node
import { setMaxListeners } from 'node:events';
import { constants } from 'node:os';
import { runCli } from '../cli.js';

// The platform cancels a sync with SIGTERM (a person with Ctrl-C): the first signal stops a read
// gracefully, with a STATE per stream in progress and a TRACE error; a second one exits at once.
const GIVE_UP_MS = 4_500;
const controller = new AbortController();
// Every request in flight listens to it (up to 20 at once), which is not a leak.
setMaxListeners(64, controller.signal);
for (const name of ['SIGTERM', 'SIGINT'] as const) {
  process.on(name, () => {
    if (controller.signal.aborted) process.exit(128 + constants.signals[name]);
    controller.abort(name);
    // A stop stuck on a stalled stdout must still end within the 5 seconds a cancel is given.
    setTimeout(() => {
      process.stderr.write('source-customer-io: the graceful stop took too long; exiting.\n');
      process.exit(1);
    }, GIVE_UP_MS).unref();
  });
}

process.exitCode = await runCli(process.argv.slice(2), { stdout: process.stdout, stderr: process.stderr, env: process.env, signal: controller.signal });
