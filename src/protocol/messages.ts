import type { FailureType } from '../errors.js';

/** The subset of the Airbyte protocol (v0.5.2) this source emits, as a discriminated union. */
import type { JsonObject } from '../json.js';

export type { JsonObject };

export interface StreamDescriptor { name: string; namespace?: string }
export type StreamStatus = 'STARTED' | 'RUNNING' | 'COMPLETE' | 'INCOMPLETE';
export type LogLevel = 'FATAL' | 'ERROR' | 'WARN' | 'INFO' | 'DEBUG' | 'TRACE';

export interface RecordMessage { type: 'RECORD'; record: { stream: string; data: JsonObject; emitted_at: number } }
export interface StateMessage {
  type: 'STATE';
  state: { type: 'STREAM'; stream: { stream_descriptor: StreamDescriptor; stream_state: JsonObject }; sourceStats: { recordCount: number } };
}
export interface LogMessage { type: 'LOG'; log: { level: LogLevel; message: string; stack_trace?: string } }
export interface SpecMessage { type: 'SPEC'; spec: JsonObject }
export interface CatalogMessage { type: 'CATALOG'; catalog: { streams: AirbyteStream[] } }
export interface ConnectionStatusMessage { type: 'CONNECTION_STATUS'; connectionStatus: { status: 'SUCCEEDED' | 'FAILED'; message?: string } }
export interface TraceErrorMessage {
  type: 'TRACE';
  trace: {
    type: 'ERROR';
    emitted_at: number;
    error: { message: string; internal_message?: string; stack_trace?: string; failure_type: FailureType; stream_descriptor?: StreamDescriptor };
  };
}
export interface TraceStatusMessage {
  type: 'TRACE';
  trace: { type: 'STREAM_STATUS'; emitted_at: number; stream_status: { stream_descriptor: StreamDescriptor; status: StreamStatus } };
}
export type AirbyteMessage =
  | RecordMessage | StateMessage | LogMessage | SpecMessage | CatalogMessage
  | ConnectionStatusMessage | TraceErrorMessage | TraceStatusMessage;

export type SyncMode = 'full_refresh' | 'incremental';

export interface AirbyteStream {
  name: string;
  json_schema: JsonObject;
  supported_sync_modes: SyncMode[];
  source_defined_cursor?: boolean;
  default_cursor_field?: string[];
  source_defined_primary_key?: string[][];
  is_resumable?: boolean;
}

export const stateMessage = (stream: string, streamState: JsonObject, recordCount: number): StateMessage => ({
  type: 'STATE',
  state: { type: 'STREAM', stream: { stream_descriptor: { name: stream }, stream_state: streamState }, sourceStats: { recordCount } },
});

export const logMessage = (level: LogLevel, message: string): LogMessage => ({ type: 'LOG', log: { level, message } });

export const streamStatusMessage = (stream: string, status: StreamStatus, now: number): TraceStatusMessage => ({
  type: 'TRACE',
  trace: { type: 'STREAM_STATUS', emitted_at: now, stream_status: { stream_descriptor: { name: stream }, status } },
});

export function traceErrorMessage(
  error: { message: string; failureType: FailureType; internalMessage?: string | undefined; stack?: string | undefined; stream?: string | undefined },
  now: number,
): TraceErrorMessage {
  return {
    type: 'TRACE',
    trace: {
      type: 'ERROR',
      emitted_at: now,
      error: {
        message: error.message,
        failure_type: error.failureType,
        ...(error.internalMessage === undefined ? {} : { internal_message: error.internalMessage }),
        ...(error.stack === undefined ? {} : { stack_trace: error.stack }),
        ...(error.stream === undefined ? {} : { stream_descriptor: { name: error.stream } }),
      },
    },
  };
}
