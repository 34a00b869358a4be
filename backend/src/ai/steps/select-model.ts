import type { Logger } from '../../platform/logger';
import { ModelNotAllowedError, NoModelAvailableError, NoProviderConnectionError, RetiredModelError } from '../ai-errors';
import type { BudgetLevel } from '../budget/budget-level';
import type { ConnectionResolver } from '../connections/connection-resolver';
import { cooldownKey, type CooldownTracker } from '../execution/cooldown-tracker';
import { modelKey, parseModelKey, type ModelCatalog, type ModelReference } from '../models/model-catalog';
import { costInNanoDollars } from '../models/model-cost';
import { dayOf, isRetired, retiredModelMessage } from '../models/model-lifecycle';
import { pricedModel, type PricedModel } from '../models/priced-model';
import type { ProviderConnection, ProviderId } from '../providers/provider-adapter';
import { isModelAllowed } from '../settings/ai-settings';
import type { BudgetedRun, RunSettings, SelectedRun } from './ask-ai-run';

export interface ModelCandidate {
  reference: ModelReference;
  model: PricedModel;
  connection: ProviderConnection;
}

export interface ModelSelection {
  /** The selected model first, then the organisation's fallbacks in order. */
  candidates: ModelCandidate[];
  warnings: string[];
}

export interface SelectModelInput {
  organisationId: string;
  requested: ModelReference;
  /** The tag's own connection for the requested model, when it chose one. */
  requestedConnectionId?: string | undefined;
  level: BudgetLevel;
  settings: RunSettings;
  catalog: ModelCatalog;
  connections: ConnectionResolver;
  cooldowns: CooldownTracker;
  /** The UTC day (YYYY-MM-DD): a model whose shutdown day has come is never called. */
  today: string;
  /** Told of a fallback connection that could not be opened. */
  logger?: Logger | undefined;
}

/** What a typical tag costs on a model, to rank models by price. */
const typicalUsage = { inputTokens: 1000, cachedInputTokens: 0, outputTokens: 500 };

/**
 * The requested model when it is allowed, priced, still served and connected; the cheapest allowed model on a critical
 * budget; models cooling down are skipped in favour of the organisation's fallbacks.
 */
export async function selectCandidates(input: SelectModelInput): Promise<ModelSelection> {
  const { settings, catalog } = input;
  const connectionCache = new Map<ProviderId, Promise<ProviderConnection | undefined>>();
  const connectionOf = (provider: ProviderId) => {
    let connection = connectionCache.get(provider);
    if (!connection) connectionCache.set(provider, (connection = input.connections.resolve(input.organisationId, provider)));
    return connection;
  };
  let chosenConnection: Promise<ProviderConnection | undefined> | undefined;
  const chosenConnectionId = input.requestedConnectionId;
  // The tag's chosen connection serves the model it asked for; everything else goes through the provider's default.
  const connectionFor = (reference: ModelReference) => {
    if (chosenConnectionId === undefined || modelKey(reference) !== modelKey(input.requested)) return connectionOf(reference.provider);
    chosenConnection ??= input.connections.resolveChosen(input.organisationId, reference.provider, chosenConnectionId);
    return chosenConnection;
  };
  const isAllowed = (reference: ModelReference) => isModelAllowed(settings, reference);
  const candidateOf = async (reference: ModelReference): Promise<ModelCandidate | undefined> => {
    const model = catalog.find(reference);
    if (!model?.prices || !isAllowed(reference) || isRetired(model, input.today)) return undefined;
    // A fallback or cheaper model whose connection cannot be opened (a stored key the key ring no longer
    // opens) is simply not a candidate; only the requested model's connection failing stops the request.
    const connection = await connectionFor(reference).catch((error: unknown) => {
      input.logger?.warn(
        { err: error, organisationId: input.organisationId, provider: reference.provider },
        'a provider connection could not be opened, so its models are left out of this request',
      );
      return undefined;
    });
    return connection && { reference, model: { ...model, prices: model.prices }, connection };
  };

  const requestedName = modelKey(input.requested);
  if (!isAllowed(input.requested)) {
    throw new ModelNotAllowedError({
      message: `The model ${requestedName} is not allowed in your organisation. Choose an allowed model for this tag, or ask an admin to allow it.`,
    });
  }
  const requestedModel = pricedModel(catalog, input.requested);
  if (isRetired(requestedModel, input.today)) throw new RetiredModelError({ message: retiredModelMessage(requestedModel) });
  if (!(await connectionFor(input.requested))) {
    if (chosenConnectionId !== undefined) {
      throw new NoProviderConnectionError({
        message: `The connection chosen for this tag (${chosenConnectionId}) was deleted, turned off or is not a ${input.requested.provider} connection. Choose another connection for the tag in the sidebar.`,
      });
    }
    throw new NoProviderConnectionError({ message: input.connections.setupHint });
  }

  const warnings: string[] = [];
  let primary = input.requested;
  if (input.level === 'critical') {
    const pool = (settings.allowedModels ?? catalog.all().map((model) => modelKey({ provider: model.provider, model: model.id })))
      .map((key) => parseModelKey(key))
      .filter((reference): reference is ModelReference => reference !== undefined);
    const priced = (await Promise.all(pool.map(candidateOf))).filter((candidate): candidate is ModelCandidate => candidate !== undefined);
    const price = (candidate: ModelCandidate) => costInNanoDollars(candidate.model.prices, typicalUsage);
    const cheapest = priced.sort(
      (left, right) => price(left) - price(right) || modelKey(left.reference).localeCompare(modelKey(right.reference)),
    )[0];
    if (cheapest && modelKey(cheapest.reference) !== requestedName) {
      primary = cheapest.reference;
      warnings.push(`The budget is nearly used up, so ${cheapest.model.displayName} was used instead of ${requestedName}.`);
    }
  }

  const chain = [
    primary,
    ...settings.fallbackModels.map((key) => parseModelKey(key)).filter((reference): reference is ModelReference => reference !== undefined),
  ];
  const seen = new Set<string>();
  const candidates: ModelCandidate[] = [];
  const resting: { candidate: ModelCandidate; endsAt: number }[] = [];
  for (const reference of chain) {
    const key = modelKey(reference);
    if (seen.has(key)) continue;
    seen.add(key);
    const candidate = await candidateOf(reference);
    if (!candidate) continue;
    const endsAt = input.cooldowns.restEndsAt(
      cooldownKey(input.organisationId, candidate.connection.id, reference.provider, reference.model),
    );
    if (endsAt !== undefined) {
      resting.push({ candidate, endsAt });
      continue;
    }
    candidates.push(candidate);
  }
  if (candidates.length === 0) {
    // Every candidate rests: rather than fail without calling anything, try the one whose rest ends first.
    const soonest = resting.sort((left, right) => left.endsAt - right.endsAt)[0];
    if (!soonest)
      throw new NoModelAvailableError({
        message: `${requestedName} and every fallback model are failing right now and resting for a short while. Try again in a minute.`,
      });
    candidates.push(soonest.candidate);
  }
  if (resting.length > 0 && modelKey((candidates[0] as ModelCandidate).reference) !== modelKey(primary)) {
    warnings.push(`${modelKey(primary)} is failing right now, so ${modelKey((candidates[0] as ModelCandidate).reference)} was used.`);
  }
  return { candidates, warnings };
}

/**
 * Step 5, selectModel: the requested model, or the cheapest allowed one on a critical budget, then the
 * organisation's fallbacks; only allowed, priced, connected models, skipping those cooling down.
 */
export async function selectModel<Run extends BudgetedRun>(run: Run): Promise<Run & Pick<SelectedRun, 'selection'>> {
  const { dependencies } = run;
  const selection = await selectCandidates({
    organisationId: run.request.organisationId,
    requested: run.requested,
    requestedConnectionId: run.request.connectionId,
    level: run.reservation.level,
    settings: run.settings,
    catalog: run.catalog,
    connections: dependencies.connections,
    cooldowns: dependencies.cooldowns,
    today: dayOf(run.startedAt),
    logger: dependencies.logger,
  });
  return { ...run, selection };
}
