import type { ProviderBehaviour, ProviderName } from './provider-behaviour';

/** What a provider format decides to send; the shared server turns it into bytes. */
export type WireResponse =
  | { kind: 'json'; status: number; body: unknown; headers?: Record<string, string> }
  /** Raw text sent as `application/json`, for bodies that must not parse. */
  | { kind: 'raw-json'; status: number; text: string }
  /** Server-sent events: each entry becomes one `data: …` event. */
  | { kind: 'event-stream'; events: string[] };

/** The provider-neutral reading of a generation request that the default reply needs. */
export interface GenerationRequestSummary {
  model: string;
  /** Every prompt character the provider would bill for (system, all turns). */
  promptText: string;
  lastUserText: string;
  maxOutputTokens: number | undefined;
}

/** A reply with every default filled in, ready to be dressed in the provider's envelope. */
export interface ResolvedReply {
  text: string;
  finishReason: string;
  inputTokens: number;
  outputTokens: number;
}

/** A behaviour the provider format renders itself; the rest are handled at the socket level. */
export type RenderedBehaviour = Extract<ProviderBehaviour, { kind: 'reply' | 'content-filtered' | 'empty' | 'malformed' }>;

export interface GenerationRoute {
  kind: 'generation';
  summarise(body: unknown): GenerationRequestSummary;
  render(behaviour: RenderedBehaviour, summary: GenerationRequestSummary, body: unknown): WireResponse;
}

/** Endpoints that answer from the request alone and never consume the behaviour queue. */
export interface FixedRoute {
  kind: 'fixed';
  respond(body: unknown): WireResponse;
}

export type Route = GenerationRoute | FixedRoute;

export interface WireFormat {
  provider: ProviderName;
  baseUrlFor(origin: string): string;
  /** The API key the request carries, or undefined when the provider's key header is missing. */
  apiKeyOf(headers: Record<string, string>): string | undefined;
  findRoute(method: string, path: string, models: readonly string[]): Route | undefined;
  errorResponse(error: ProviderError): WireResponse;
  /** Headers every real response carries, such as a request id. */
  responseHeaders(): Record<string, string>;
}

/** Thrown by `summarise` when a JSON body lacks what the provider requires; answered with 400. */
export class InvalidProviderRequest extends Error {}

export interface ProviderError {
  status: number;
  message?: string;
  errorType?: string;
  headers?: Record<string, string>;
}
