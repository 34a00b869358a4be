// Messages between the main thread and an execution worker. The worker is plain JavaScript
// (execution-worker.js), so it receives the marker keys through workerData instead of importing them.

/** Marks a host object passed to the worker by handle. Odd keys so plain data never collides with them. */
export const WIRE_KEYS = {
  handle: '\u0000appsScriptHandle',
  ref: '\u0000appsScriptRef',
} as const;

export type WireKeys = typeof WIRE_KEYS;

/** What the worker learns about a host object the first time it sees it in an execution. */
export interface HandleDescriptor {
  [WIRE_KEYS.handle]: number;
  className?: string;
  methods?: string[];
  props?: Record<string, unknown>;
}

export interface ErrorDescription {
  name: string;
  message: string;
  stack?: string;
}

export type HostReply = { ok: true; value: unknown } | { ok: false; error: ErrorDescription };

export interface ExecuteMessage {
  type: 'execute';
  executionId: number;
  bundlePath: string;
  functionName: string;
  args: unknown[];
  services: Record<string, unknown>;
}

export type LogLevel = 'log' | 'info' | 'warn' | 'error' | 'debug';

export type WorkerMessage =
  | { type: 'started'; executionId: number }
  | { type: 'call'; executionId: number; handleId: number; method: string; args: unknown[] }
  | { type: 'log'; executionId: number; level: LogLevel; message: string }
  | {
      type: 'result';
      executionId: number;
      ok: true;
      value: unknown;
      /** Set when the return value broke google.script.run rules and was replaced by null. */
      illegalValue?: string;
    }
  | { type: 'result'; executionId: number; ok: false; error: ErrorDescription };
