import { startFakeApi, type FakeApi, type FakeApiOptions } from '../../fake-api/index.js';
import { UNPACED_RPS } from './connector.js';

/**
 * A fake for an unpaced connector run: its limit matches UNPACED_RPS unless the test sets one (a
 * paced test keeps the API's 10 a second by passing `requestsPerSecond: 10`).
 */
export function startTestApi(opts: FakeApiOptions): Promise<FakeApi> {
  return startFakeApi({ requestsPerSecond: UNPACED_RPS, ...opts });
}
