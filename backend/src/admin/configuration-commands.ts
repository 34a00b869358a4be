import { hostname, userInfo } from 'node:os';
import type { ConfigurationImportResponse } from '../../../contracts/configuration';
import { createAuditLog } from '../audit/audit-log';
import { createAuditRepository } from '../audit/audit-repository';
import { serverModels } from '../ai/compose-ask-ai';
import { createAiSettingsRepository } from '../ai/settings/ai-settings-repository';
import type { ConfigurationDependencies } from '../configuration/configuration-dependencies';
import { createConnectionsRepository } from '../keys/connections-repository';
import { createMembersRepository } from '../members/members-repository';
import type { Config } from '../platform/config';
import type { Firestore } from '../platform/firestore/connect-firestore';
import type { Caller } from '../platform/http/caller';
import { createTemplatesRepository } from '../templates/templates-repository';

/** The configuration use cases over Firestore directly, as the routes use them; the service's caches catch up within seconds. */
export function configurationDependencies(firestore: Firestore, config: Config): ConfigurationDependencies {
  const members = createMembersRepository(firestore);
  return {
    settings: createAiSettingsRepository(firestore),
    models: serverModels(config),
    memberEmails: async (organisationId) =>
      (await members.list(organisationId)).filter((member) => !member.removed).map((member) => member.email),
    connections: createConnectionsRepository(firestore),
    connectionsChanged: () => undefined,
    templates: createTemplatesRepository(firestore),
    audit: createAuditLog(createAuditRepository(firestore)),
    now: () => new Date(),
  };
}

/** Who the audit trail names for a change made from the command line: the operator's account on this machine. */
export function cliCaller(organisationId: string): Caller {
  const operator = `${userInfo().username}@${hostname()}`;
  return { userId: `admin-cli:${operator}`, email: `admin-cli (${operator})`, hostedDomain: undefined, organisationId, role: 'owner' };
}

/** An import's outcome as lines for a terminal: each change with its values, then notes and problems. */
export function describeImport(outcome: ConfigurationImportResponse, dryRun: boolean): string[] {
  const lines = outcome.changes.map(
    (change) => `  ${change.change.padEnd(7)} ${change.path}: ${change.before ?? '(none)'} → ${change.after ?? '(none)'}`,
  );
  lines.unshift(
    outcome.problems.length > 0
      ? 'Nothing was imported. Fix the file first:'
      : outcome.changes.length === 0
        ? 'The organisation already matches the file.'
        : dryRun
          ? `Dry run: importing would make ${outcome.changes.length} change(s):`
          : `Imported ${outcome.changes.length} change(s):`,
  );
  for (const problem of outcome.problems) lines.push(`  problem: ${problem}`);
  for (const note of outcome.notes) lines.push(`  note: ${note}`);
  return lines;
}
