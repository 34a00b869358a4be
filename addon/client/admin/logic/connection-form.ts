import type { NewConnectionInput, ProviderView } from '../../../shared/admin-contract';
import { FormProblem } from './parse';

export interface ConnectionForm {
  provider: string;
  name: string;
  apiKey: string;
  baseUrl: string;
  defaultModel: string;
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
  return input;
}

/** How a key is shown: its fingerprint and last four characters, never more. */
export function maskedKey(connection: { fingerprint: string; lastFour: string }): string {
  return `…${connection.lastFour} (${connection.fingerprint})`;
}
