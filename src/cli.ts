import { readFile } from 'node:fs/promises';
import { Command, CommanderError } from 'commander';
import type { Writable } from 'node:stream';
import { parseConfiguredCatalog, streamsFor } from './catalog.js';
import { parseConfig } from './config.js';
import { cancellableSleep } from './cancellable-sleep.js';
import { ConfigError, ConnectorError, errorMessage } from './errors.js';
import { traceErrorMessage } from './protocol/messages.js';
import { MessageWriter } from './protocol/output.js';
import { check, discover, read, spec, type SourceDeps } from './source.js';
import { parseStateInput } from './state.js';

async function readJsonFile(file: string, what: string): Promise<unknown> {
  let text: string;
  try {
    text = await readFile(file, 'utf8');
  } catch (error) {
    const code = (error as { code?: string }).code ?? 'unreadable';
    throw new ConfigError(`Cannot read the ${what} file '${file}' (${code}).`);
  }
  if (text.trim() === '') return undefined;
  try {
    return JSON.parse(text) as unknown;
  } catch (error) {
    throw new ConfigError(`The ${what} file '${file}' is not valid JSON: ${errorMessage(error)}.`);
  }
}

/** Secrets are not known before the config parses; mask the key early whenever the file has one. */
function maskConfigKey(writer: MessageWriter, raw: unknown): void {
  if (typeof raw === 'object' && raw !== null && 'app_api_key' in raw) {
    const key = (raw as { app_api_key?: unknown }).app_api_key;
    if (typeof key === 'string') writer.addSecret(key);
  }
}

/**
 * CIO_TEST_REQUESTS_PER_SECOND: the test suite's way to lift the pace of a read that does not
 * check pacing. An environment variable, not a config key: the spec (and so the platform's form)
 * never offers a pace above Customer.io's limit.
 */
export const TEST_PACE_VARIABLE = 'CIO_TEST_REQUESTS_PER_SECOND';

function testPace(env: NodeJS.ProcessEnv | undefined): number | undefined {
  const text = env?.[TEST_PACE_VARIABLE];
  const n = Number(text ?? '');
  // A test's own variable: a value that is not a pace leaves the config's.
  return Number.isFinite(n) && n > 0 ? n : undefined;
}

export interface CliIo {
  stdout: Writable;
  stderr: Writable;
  env?: NodeJS.ProcessEnv;
  now?: () => number;
  sleep?: (ms: number) => Promise<void>;
  /** Aborted on SIGTERM/SIGINT (by the executable): a read then stops gracefully. */
  signal?: AbortSignal;
}

/**
 * Parses argv and runs one command. Only Airbyte messages reach stdout; every failure becomes one
 * TRACE error with its failure type. Resolves to the process exit code.
 */
export async function runCli(argv: string[], io: CliIo): Promise<number> {
  const debug = argv.includes('--debug') || (io.env?.['LOG_LEVEL'] ?? '').toLowerCase() === 'debug';
  const writer = new MessageWriter(io.stdout, debug);
  const deps: SourceDeps = {
    writer,
    now: io.now ?? Date.now,
    sleep: io.sleep ?? cancellableSleep(io.signal),
    signal: io.signal,
    requestsPerSecond: testPace(io.env),
  };
  let exitCode = 0;
  const program = new Command('source-customer-io')
    .description('Airbyte source for the Customer.io App API')
    .option('--debug', 'also write DEBUG logs (as LOG_LEVEL=debug does)')
    .exitOverride()
    .configureOutput({ writeOut: (s) => io.stderr.write(s), writeErr: (s) => io.stderr.write(s) });

  program.command('spec').description('print the connector specification').action(async () => spec(deps));
  program.command('check').description('test the credentials and region').requiredOption('--config <file>', 'config JSON file')
    .action(async (o: { config: string }) => {
      const raw = await readJsonFile(o.config, 'config');
      maskConfigKey(writer, raw);
      await check(raw, deps);
    });
  program.command('discover').description('print the catalog of streams').requiredOption('--config <file>', 'config JSON file')
    .action(async (o: { config: string }) => {
      const raw = await readJsonFile(o.config, 'config');
      maskConfigKey(writer, raw);
      await discover(raw, deps);
    });
  program.command('read').description('read records').requiredOption('--config <file>', 'config JSON file')
    .requiredOption('--catalog <file>', 'configured catalog JSON file').option('--state <file>', 'state JSON file')
    .action(async (o: { config: string; catalog: string; state?: string }) => {
      const raw = await readJsonFile(o.config, 'config');
      maskConfigKey(writer, raw);
      // The config decides which streams exist (the per-type activities streams), so it is checked first.
      const offered = new Map(streamsFor(parseConfig(raw)).map((s) => [s.name, s]));
      const catalog = parseConfiguredCatalog(await readJsonFile(o.catalog, 'catalog'), offered);
      const states = o.state === undefined ? new Map() : parseStateInput(await readJsonFile(o.state, 'state'));
      const ok = await read(raw, catalog, states, deps);
      if (!ok) exitCode = 1;
    });

  try {
    await program.parseAsync(argv, { from: 'user' });
  } catch (error) {
    if (error instanceof CommanderError) {
      if (error.code === 'commander.helpDisplayed' || error.code === 'commander.version' || error.code === 'commander.help') return 0;
      await writer.write(traceErrorMessage({ message: `Invalid command line: ${error.message.replace(/^error: /, '')}`, failureType: 'config_error' }, deps.now()));
      exitCode = 2;
    } else if (error instanceof ConnectorError) {
      await writer.write(traceErrorMessage({ message: error.message, failureType: error.failureType, internalMessage: error.internalMessage }, deps.now()));
      exitCode = 1;
    } else {
      await writer.write(traceErrorMessage({
        message: 'Something went wrong in the connector. See the logs for more details.',
        failureType: 'system_error',
        internalMessage: errorMessage(error),
        stack: error instanceof Error ? error.stack : undefined,
      }, deps.now()));
      exitCode = 1;
    }
  }
  await writer.flush();
  return exitCode;
}
