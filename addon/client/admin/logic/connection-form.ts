import type { NewConnectionInput, ProviderView } from '../../../shared/admin-contract';
import { FormProblem, optionalNumber } from './parse';

/** The connection's own rate limits as typed: empty boxes are "no limit". */
export interface RateLimitForm {
  requestsPerMinute: string;
  tokensPerMinute: string;
}

export interface ConnectionForm extends Partial<RateLimitForm> {
  provider: string;
  name: string;
  apiKey: string;
  baseUrl: string;
  defaultModel: string;
}

/** The limits the boxes say, null for an empty box (no limit of ours; the provider's own still applies). */
export function rateLimitsFromForm(form: Partial<RateLimitForm>): { requestsPerMinute: number | null; tokensPerMinute: number | null } {
  const requestsPerMinute = optionalNumber(form.requestsPerMinute ?? '', 'requestsPerMinute', 'Requests per minute', {
    integer: true,
    min: 1,
    max: 1_000_000,
  });
  const tokensPerMinute = optionalNumber(form.tokensPerMinute ?? '', 'tokensPerMinute', 'Tokens per minute', {
    integer: true,
    min: 100,
    max: 1_000_000_000,
  });
  return { requestsPerMinute: requestsPerMinute ?? null, tokensPerMinute: tokensPerMinute ?? null };
}

/** How a connection's limits read in its row. */
export function rateLimitsText(connection: { requestsPerMinute: number | null; tokensPerMinute: number | null }): string {
  const parts = [
    connection.requestsPerMinute === null ? undefined : `${connection.requestsPerMinute.toLocaleString('en-US')} requests`,
    connection.tokensPerMinute === null ? undefined : `${connection.tokensPerMinute.toLocaleString('en-US')} tokens`,
  ].filter((part) => part !== undefined);
  return parts.length === 0 ? 'No rate limit' : `At most ${parts.join(' and ')} per minute`;
}

/**
 * The add-connection form as the backend wants it, checked against what the backend says the chosen provider
 * needs (GET /v1/providers); the backend still validates (key length, URL).
 */
export function connectionInputFromForm(form: ConnectionForm, providers: readonly ProviderView[]): NewConnectionInput {
  const chosen = providers.find((provider) => provider.id === form.provider);
  if (!chosen) throw new FormProblem('provider', 'Provider: choose one.');
  const provider = chosen.id;
  const name = form.name.trim();
  if (name === '') throw new FormProblem('name', 'Name: give the connection a name people will recognise, e.g. "Team OpenAI key".');
  const apiKey = form.apiKey.trim();
  if (apiKey === '') throw new FormProblem('apiKey', "Key: paste the provider's API key.");
  const baseUrl = form.baseUrl.trim();
  const defaultModel = form.defaultModel.trim();
  if (chosen.requiresBaseUrl && baseUrl === '')
    throw new FormProblem('baseUrl', `Base URL: a ${chosen.displayName} connection needs its endpoint, e.g. http://127.0.0.1:11434/v1.`);
  if (!chosen.acceptsBaseUrl && baseUrl !== '')
    throw new FormProblem('baseUrl', `Base URL: ${chosen.displayName} is only reached at its own address; leave this empty.`);
  if (chosen.defaultModel === null && defaultModel === '')
    throw new FormProblem('defaultModel', 'Default model: name the model this endpoint serves.');
  const input: NewConnectionInput = { provider, name, apiKey };
  if (baseUrl !== '') input.baseUrl = baseUrl;
  if (defaultModel !== '') input.defaultModel = defaultModel;
  const limits = rateLimitsFromForm(form);
  if (limits.requestsPerMinute !== null) input.requestsPerMinute = limits.requestsPerMinute;
  if (limits.tokensPerMinute !== null) input.tokensPerMinute = limits.tokensPerMinute;
  return input;
}

/** How a key is shown: its fingerprint and last four characters, never more. */
export function maskedKey(connection: { fingerprint: string; lastFour: string }): string {
  return `…${connection.lastFour} (${connection.fingerprint})`;
}
