/**
 * The public vocabulary of the stand-in provider servers: what a test can script, what the
 * servers record, and the handle a test gets back. Kept free of any provider detail so
 * tests and the demo launcher can depend on it alone.
 */

export type ProviderName = 'openai' | 'anthropic' | 'gemini';

export type ProviderBehaviour =
  | {
      kind: 'reply';
      text?: string;
      /** The provider's raw value (`stop`, `end_turn`, `STOP`…). When given, no length truncation is applied. */
      finishReason?: string;
      usage?: { inputTokens: number; outputTokens: number };
      latencyMs?: number;
    }
  | {
      kind: 'error';
      status: number;
      message?: string;
      /** The provider's own error type (OpenAI `type`, Anthropic `error.type`, Gemini `status`). */
      errorType?: string;
      /** Extra response headers, e.g. `{ 'retry-after': '2' }`. */
      headers?: Record<string, string>;
      latencyMs?: number;
    }
  /** The provider's own way of saying the output was blocked. */
  | { kind: 'content-filtered' }
  /** 200 with no generated text. */
  | { kind: 'empty' }
  /** 200 with a body that is not valid JSON. */
  | { kind: 'malformed' }
  /** Accept the request and never answer, until `close()`. */
  | { kind: 'hang' }
  /** Destroy the socket without writing a response. */
  | { kind: 'disconnect' };

export interface RecordedProviderRequest {
  method: string;
  /** The path without its query string. */
  path: string;
  /** The query string including its `?`, or '' when there is none. */
  query: string;
  /** Header names are lower-case; repeated headers are joined with ', '. */
  headers: Record<string, string>;
  /** The parsed JSON body, or undefined when there was no body or it was not JSON. */
  body: unknown;
  /** The body exactly as received, so a test can inspect a body that failed to parse. */
  rawBody: string;
  receivedAt: number;
}

export interface ProviderServer {
  readonly provider: ProviderName;
  /** `http://127.0.0.1:PORT` */
  readonly origin: string;
  /** What to give the SDK: OpenAI `origin + '/v1'`, the others the origin itself. */
  readonly baseUrl: string;
  /** Every request received (generation, token counts, model lists, rejected ones), in order. */
  readonly requests: RecordedProviderRequest[];
  /** Behaviours used in order, one per generation request. */
  enqueue(...behaviours: ProviderBehaviour[]): void;
  /** Used when the queue is empty; without it the server replies deterministically. */
  setDefault(behaviour: ProviderBehaviour): void;
  /** Added before every answer, on top of any behaviour's own latency. */
  setLatency(ms: number): void;
  /** Clears the queue, the recorded requests, the latency and the default. */
  reset(): void;
  /** Stops listening and ends hung or delayed requests at once. */
  close(): Promise<void>;
}

export interface ProviderServerOptions {
  /** 0 (the default) picks a free port. */
  port?: number;
  host?: string;
  /** Model ids the model-list endpoint advertises. */
  models?: string[];
}
