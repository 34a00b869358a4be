import type { z } from 'zod';
import type { Logger } from '../../platform/logger';
import type { OutboundGuard } from '../../platform/outbound/outbound-guard';
import type { ProviderAdapter, ProviderId } from './provider-adapter';

export interface ProviderAdapterOptions {
  /** SDK warnings go here (createProviderRegistry gives a default one). */
  logger: Logger;
  /** Every provider call goes through its fetch (the server always gives one; tests of an adapter alone may not). */
  outbound?: OutboundGuard | undefined;
}

/** Dollars per million tokens, as an operator writes them for a model the catalog does not price. */
export interface ServerModelPrices {
  input: number;
  cachedInput: number;
  output: number;
}

/** A connection configured on the server itself through environment variables, shared by organisations. */
export interface ServerConnection {
  provider: ProviderId;
  apiKey: string | undefined;
  baseUrl: string | undefined;
  defaultModel: string;
  /** Prices of defaultModel when the catalog has none (a local model); unpriced models are refused. */
  defaultModelPrices?: ServerModelPrices | undefined;
}

/**
 * Everything the rest of the backend knows about one provider. Configuration, redaction, the key vault, the
 * connection routes, GET /v1/providers and the AI core iterate over these (registry.ts lists them), so adding
 * a provider is its folder under providers/ and one line in registry.ts.
 */
export interface ProviderDescriptor<Id extends string = string> {
  readonly id: Id;
  /** How people see it: the admin form, usage reports. */
  readonly displayName: string;
  createAdapter(options: ProviderAdapterOptions): ProviderAdapter;
  /**
   * The environment variables it reads, as pieces of the configuration's one schema: checked at start-up
   * with the rest, a bad value stops the process naming the variable.
   */
  readonly environment: z.ZodRawShape;
  /** The server-wide connection its variables (already parsed by `environment`) describe; undefined when none. */
  serverConnection(variables: Readonly<Record<string, unknown>>): ServerConnection | undefined;
  /** For the hint a developer sees when no provider is configured: how to configure this one. */
  readonly serverSetupHint?: string | undefined;
  /**
   * The model "organisation default" means for a connection that names none, and the model a connection test
   * asks for: the provider's cheapest current model in the catalog. undefined: every connection must name one.
   */
  readonly defaultModel: string | undefined;
  /** The shape of its keys, removed from every log line and error body (redact-secrets.ts). */
  readonly keyPattern: RegExp | undefined;
  /** Whether a connection may name its own endpoint (`optional`), must (`required`), or may not (`none`). */
  readonly baseUrl: 'none' | 'optional' | 'required';
  /** What a key looks like, for the admin form. */
  readonly keyHint: string;
  /** Whether gpt-tokenizer's encodings count its tokens exactly (OpenAI's models); otherwise counts are over-estimated. */
  readonly exactTokenCounts: boolean;
  /** The documented temperature range, for models whose catalog entry names none. */
  readonly temperatureRange: { min: number; max: number };
  /** A model id the catalog does not list for this provider is looked up (and billed) as this provider's. */
  readonly billsLike?: ProviderId | undefined;
}

/**
 * A descriptor whose `serverConnection` reads its own variables with their parsed types; the registry sees
 * it with the variables' types erased.
 */
export function defineProvider<const Id extends string, Shape extends z.ZodRawShape>(
  descriptor: Omit<ProviderDescriptor<Id>, 'environment' | 'serverConnection'> & {
    environment: Shape;
    serverConnection(variables: { [Name in keyof Shape]: z.output<Shape[Name]> }): ServerConnection | undefined;
  },
): ProviderDescriptor<Id> {
  return descriptor as unknown as ProviderDescriptor<Id>;
}
