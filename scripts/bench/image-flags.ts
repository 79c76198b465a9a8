/** The Node flags the image's ENTRYPOINT gives the connector, so that the bench measures the runtime the platform runs. */
import { readFileSync } from 'node:fs';
import path from 'node:path';
import { ROOT } from '../../test/helpers/connector.js';

/** The `--` options between `node` and the script in the Dockerfile's ENTRYPOINT array. */
export function imageNodeFlags(dockerfile = readFileSync(path.join(ROOT, 'Dockerfile'), 'utf8')): string[] {
  const line = dockerfile.split('\n').find((l) => l.startsWith('ENTRYPOINT ['));
  if (line === undefined) throw new Error('the Dockerfile has no ENTRYPOINT array');
  const entrypoint: unknown = JSON.parse(line.slice('ENTRYPOINT '.length));
  if (!Array.isArray(entrypoint) || entrypoint[0] !== 'node') throw new Error(`the ENTRYPOINT does not run node: ${line}`);
  return entrypoint.slice(1).filter((a): a is string => typeof a === 'string' && a.startsWith('--'));
}
