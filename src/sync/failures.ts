import { CancelledError, ConnectorError, RedirectError, errorMessage, rootCause, type FailureType } from '../errors.js';
import { traceErrorMessage, type TraceErrorMessage } from '../protocol/messages.js';

const SEVERITY: Record<FailureType, number> = { config_error: 0, transient_error: 1, system_error: 2 };

/** The failures of one sync: the TRACE of each failed stream, and the one summary the platform shows. */
export class FailureSummary {
  private readonly failed: Array<{ stream: string; failureType: FailureType }> = [];
  // The client refuses every request after a 3xx, so one wrong host fails all streams alike.
  private wrongHost: RedirectError | undefined;

  /** Notes a stream's failure and returns its TRACE error. */
  streamFailed(stream: string, error: unknown, now: number): TraceErrorMessage {
    const failureType: FailureType = error instanceof ConnectorError ? error.failureType : 'system_error';
    this.failed.push({ stream, failureType });
    const cause = rootCause(error);
    if (cause instanceof RedirectError) this.wrongHost ??= cause;
    return traceErrorMessage({
      message: `Stream ${stream} failed: ${error instanceof ConnectorError ? error.message : 'an unexpected error; see the logs.'}`,
      failureType,
      internalMessage: error instanceof ConnectorError ? error.internalMessage : errorMessage(error),
      stack: cause instanceof ConnectorError ? undefined : cause instanceof Error ? cause.stack : undefined,
      stream,
    }, now);
  }

  /** The last TRACE of a sync that did not succeed, or undefined when it did. */
  final(cancelled: AbortSignal | undefined, now: number): TraceErrorMessage | undefined {
    if (cancelled?.aborted) {
      return traceErrorMessage({
        message: `${new CancelledError(cancelled.reason).message} Streams in progress stopped after their current page with a STATE covering every record sent; the next attempt resumes from there.`,
        failureType: 'transient_error',
      }, now);
    }
    if (this.failed.length === 0) return undefined;
    // A wrong host is the cause of every failure: the last TRACE, the one the platform shows, names the fix.
    const worst = this.wrongHost ? 'config_error' : this.failed.reduce<FailureType>((acc, f) => (SEVERITY[f.failureType] > SEVERITY[acc] ? f.failureType : acc), 'config_error');
    return traceErrorMessage({
      message: `${this.wrongHost ? `${this.wrongHost.message} ` : ''}During the sync, these streams did not sync successfully: ${this.failed.map((f) => f.stream).join(', ')}.`,
      failureType: worst,
    }, now);
  }
}
