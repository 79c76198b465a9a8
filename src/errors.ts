/** Airbyte's failure types: they tell the platform whether to retry and whom to blame. */
export type FailureType = 'config_error' | 'system_error' | 'transient_error';

/** Every error the connector raises on purpose carries its failure type and a user-facing message. */
export class ConnectorError extends Error {
  readonly failureType: FailureType;
  readonly internalMessage: string | undefined;

  constructor(message: string, failureType: FailureType, options: { cause?: unknown; internalMessage?: string } = {}) {
    super(message, options.cause === undefined ? undefined : { cause: options.cause });
    this.name = new.target.name;
    this.failureType = failureType;
    this.internalMessage = options.internalMessage;
  }
}

/** Something the user can fix in the config, catalog or state they gave us. */
export class ConfigError extends ConnectorError {
  constructor(message: string, options: { cause?: unknown; internalMessage?: string } = {}) {
    super(message, 'config_error', options);
  }
}

/** An HTTP answer we cannot use. `request` is "METHOD /v1/path" without query values or headers. */
export class HttpError extends ConnectorError {
  readonly status: number;
  readonly request: string;

  constructor(message: string, status: number, request: string, failureType: FailureType, detail?: string) {
    super(message, failureType, { internalMessage: detail === undefined ? undefined : `${request} -> ${status}: ${detail}` });
    this.status = status;
    this.request = request;
  }
}

/**
 * A 3xx, such as Customer.io's 301 "wrong datacenter": this host does not serve this key, so every
 * request of the command would get the same answer. The user fixes region or base_url.
 */
export class RedirectError extends HttpError {
  constructor(message: string, status: number, request: string, detail: string) {
    super(message, status, request, 'config_error', detail);
  }
}

/** Retries ran out on 429s, 5xx, resets or broken bodies: the platform may try the sync again later. */
export class RetriesExhaustedError extends ConnectorError {
  constructor(request: string, attempts: number, lastProblem: string) {
    super(
      `Customer.io kept failing on ${request} after ${attempts} attempts (last: ${lastProblem}). This is usually temporary; the next attempt resumes from the last checkpoint.`,
      'transient_error',
    );
  }
}

/**
 * The platform asked the connector to stop (SIGTERM, SIGINT). Requests not yet sent are refused
 * with it; readers let it through after the records they already yielded, and the sync ends with a
 * STATE per stream in progress and one TRACE error. Transient: the next attempt resumes.
 */
export class CancelledError extends ConnectorError {
  constructor(reason?: unknown) {
    super(`sync cancelled${typeof reason === 'string' && reason !== '' ? ` (${reason})` : ''}: the connector was asked to stop.`, 'transient_error');
  }
}

/** A stream that could not be read because the list it is read per item of failed: it says which. */
export class ParentFailedError extends ConnectorError {
  constructor(readonly parent: string, cause: unknown) {
    super(
      `its parent stream ${parent} could not be read: ${errorMessage(cause)}`,
      cause instanceof ConnectorError ? cause.failureType : 'system_error',
      { cause, ...(cause instanceof ConnectorError && cause.internalMessage !== undefined ? { internalMessage: cause.internalMessage } : {}) },
    );
  }
}

/** The error behind any ParentFailedError wrappers. */
export function rootCause(error: unknown): unknown {
  return error instanceof ParentFailedError ? rootCause(error.cause) : error;
}

export function errorMessage(error: unknown): string {
  return error instanceof Error ? error.message : String(error);
}
