import { parse, YAMLParseError } from 'yaml';
import type { ConfigurationChange, ConfigurationImportResponse } from '../../../contracts/configuration';
import { knownProviderId, unknownProviderMessage } from '../ai/providers/provider-lookup';
import type { Caller } from '../platform/http/caller';
import { HttpProblem } from '../platform/problem';
import { checkSettings, saveSettings } from '../settings/save-settings';
import { changesBetween } from './configuration-changes';
import { providerDefaultModel } from '../ai/models/provider-default-models';
import { tagConnectionProblems, type TagConnectionContext } from '../templates/tag-connection-problems';
import type { ConfigurationDependencies } from './configuration-dependencies';
import { configurationFile, type ConfigurationFile } from './configuration-file';

interface Plan {
  file: ConfigurationFile;
  changes: ConfigurationChange[];
  notes: string[];
  problems: string[];
  /** What to write, each already checked. */
  writes: Array<() => Promise<void>>;
}

/** The file's text as a configuration, or the problems a person fixes in the file (with line numbers for YAML). */
function readFile(yaml: string): { file: ConfigurationFile } | { problems: string[] } {
  let value: unknown;
  try {
    // yaml's own limit on aliases (100) keeps a "billion laughs" file from expanding without bound.
    // logLevel 'error': warnings (an unknown directive) would otherwise go to process.emitWarning, outside any log line.
    value = parse(yaml, { prettyErrors: true, uniqueKeys: true, logLevel: 'error' });
  } catch (error) {
    if (error instanceof YAMLParseError) return { problems: [`The file is not valid YAML: ${error.message.split('\n')[0]}`] };
    throw error;
  }
  const parsed = configurationFile.safeParse(value);
  if (parsed.success) return { file: parsed.data };
  return {
    problems: parsed.error.issues
      .slice(0, 20)
      .map((issue) => `${issue.path.length > 0 ? issue.path.join('.') : 'the file'}: ${issue.message}`),
  };
}

async function planSettings(dependencies: ConfigurationDependencies, caller: Caller, plan: Plan): Promise<void> {
  const next = plan.file.settings;
  if (next === undefined) {
    plan.notes.push('The file has no settings section: the settings stay as they are.');
    return;
  }
  const latest = await dependencies.settings.latest(caller.organisationId);
  const current = latest?.content ?? (await dependencies.settings.get(caller.organisationId));
  const changes = changesBetween('settings', 'settings', current, next);
  if (changes.length === 0) return;
  try {
    await checkSettings(dependencies, caller.organisationId, next);
  } catch (error) {
    if (!(error instanceof HttpProblem)) throw error;
    plan.problems.push(`settings: ${error.detail}`);
    return;
  }
  plan.changes.push(...changes);
  plan.writes.push(() => saveSettings(dependencies, caller, { baseVersion: latest?.version ?? 0, settings: next }));
}

async function planConnections(dependencies: ConfigurationDependencies, caller: Caller, plan: Plan): Promise<void> {
  const entries = plan.file.connections;
  if (entries === undefined) return;
  const existing = new Map((await dependencies.connections.list(caller.organisationId)).map((connection) => [connection.id, connection]));
  for (const entry of entries) {
    const connection = existing.get(entry.id);
    if (!connection) {
      plan.notes.push(
        `Connection ${entry.id} (${entry.name}, ${entry.provider}) is not in this organisation: add it with its key in Admin settings → Connections; an import never holds keys, so it does not create connections.`,
      );
      continue;
    }
    const path = `connections.${entry.id}`;
    if (entry.provider !== connection.provider) {
      plan.problems.push(`${path}.provider: a connection keeps its provider (${connection.provider}); add a new connection instead.`);
      continue;
    }
    if (entry.baseUrl !== connection.baseUrl) {
      plan.problems.push(
        `${path}.baseUrl: a new endpoint needs the key again, so it is changed in Admin settings → Connections, not by an import.`,
      );
      continue;
    }
    const before = {
      name: connection.name,
      defaultModel: connection.defaultModel,
      enabled: connection.enabled,
      requestsPerMinute: connection.requestsPerMinute,
      tokensPerMinute: connection.tokensPerMinute,
    };
    const after = {
      name: entry.name,
      defaultModel: entry.defaultModel,
      enabled: entry.enabled,
      requestsPerMinute: entry.requestsPerMinute === undefined ? connection.requestsPerMinute : entry.requestsPerMinute,
      tokensPerMinute: entry.tokensPerMinute === undefined ? connection.tokensPerMinute : entry.tokensPerMinute,
    };
    const changes = changesBetween('connections', path, before, after);
    if (changes.length === 0) continue;
    plan.changes.push(...changes);
    plan.writes.push(async () => {
      await dependencies.connections.update(caller.organisationId, entry.id, { ...after, updatedAt: dependencies.now() });
      dependencies.connectionsChanged(caller.organisationId);
      await dependencies.audit.record(caller, {
        action: 'connection.update',
        target: `connections/${entry.id}`,
        before,
        after,
      });
    });
  }
  const named = new Set(entries.map((entry) => entry.id));
  const unnamed = [...existing.keys()].filter((id) => !named.has(id));
  if (unnamed.length > 0) plan.notes.push(`${unnamed.length} connection(s) not in the file are kept: ${unnamed.join(', ')}.`);
}

async function planTemplates(dependencies: ConfigurationDependencies, caller: Caller, plan: Plan): Promise<void> {
  const templates = plan.file.templates;
  if (templates === undefined) return;
  let context: Promise<TagConnectionContext> | undefined;
  // A tag's chosen connection is checked against the connections this organisation has (an import never adds any).
  const connectionContext = () =>
    (context ??= (async () => {
      const stored = (await dependencies.connections.list(caller.organisationId)).filter((connection) => connection.enabled);
      const first = stored[0];
      const firstModel = first && (first.defaultModel ?? providerDefaultModel(first.provider));
      return {
        settings: plan.file.settings ?? (await dependencies.settings.get(caller.organisationId)),
        models: dependencies.models,
        connections: stored.map(({ id, provider, name }) => ({ id, provider, name })),
        connectionDefault: first && firstModel ? { provider: first.provider, model: firstModel } : undefined,
      };
    })());
  for (const [documentId, content] of Object.entries(templates)) {
    const unknown = Object.entries(content.tags).find(
      ([, tag]) => tag.provider !== undefined && knownProviderId(tag.provider) === undefined,
    );
    if (unknown) {
      plan.problems.push(`templates.${documentId}.tags.${unknown[0]}: ${unknownProviderMessage(unknown[1].provider as string)}`);
      continue;
    }
    const connectionProblems = tagConnectionProblems(content, await connectionContext());
    if (connectionProblems.length > 0) {
      plan.problems.push(...connectionProblems.map((problem) => `templates.${documentId}: ${problem}`));
      continue;
    }
    const latest = await dependencies.templates.latest(caller.organisationId, documentId);
    const changes = changesBetween('templates', `templates.${documentId}`, latest?.content, content);
    if (changes.length === 0) continue;
    plan.changes.push(...changes);
    plan.writes.push(async () => {
      await dependencies.templates.save(caller.organisationId, documentId, {
        baseVersion: latest?.version ?? 0,
        content,
        updatedBy: { userId: caller.userId, email: caller.email },
        at: dependencies.now(),
      });
    });
  }
  plan.notes.push('Templates the file does not name are kept as they are.');
}

/**
 * Compares the file with the organisation and, unless it is a dry run, writes what differs. Every check runs
 * before the first write, so a file with any problem writes nothing. Keys are never imported and nothing is
 * deleted: a connection the file names but the organisation lacks needs its key added in the admin dialog.
 * Saves are versioned: someone saving the same settings or template meanwhile makes the import stop with a
 * 409 (what was written before it stays, and a second import writes only what is still missing).
 */
export async function importConfiguration(
  dependencies: ConfigurationDependencies,
  caller: Caller,
  request: { yaml: string; dryRun: boolean },
): Promise<ConfigurationImportResponse> {
  const read = readFile(request.yaml);
  if ('problems' in read) return { applied: false, changes: [], notes: [], problems: read.problems };
  const plan: Plan = { file: read.file, changes: [], notes: [], problems: [], writes: [] };
  if (read.file.organisation !== undefined && read.file.organisation !== caller.organisationId)
    plan.notes.push(`The file was exported from ${read.file.organisation}; it is compared with ${caller.organisationId}.`);
  await planSettings(dependencies, caller, plan);
  await planConnections(dependencies, caller, plan);
  await planTemplates(dependencies, caller, plan);
  const apply = !request.dryRun && plan.problems.length === 0;
  if (apply) for (const write of plan.writes) await write();
  return { applied: apply && plan.changes.length > 0, changes: plan.changes, notes: plan.notes, problems: plan.problems };
}
