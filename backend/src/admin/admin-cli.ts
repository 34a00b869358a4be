/**
 * `npm run admin -- <command>`: bootstrap and maintenance tasks run by whoever operates the backend, with the
 * same configuration (environment) as the service. In the container: `node dist/backend/admin-cli.js …`.
 */
import { readFileSync, writeFileSync } from 'node:fs';
import { parseArgs } from 'node:util';
import { z } from 'zod';
import { createAlertChannels } from '../alerts/alert-channels';
import { createAlertsRepository } from '../alerts/alerts-repository';
import { roles } from '../platform/http/caller';
import { createConnectionsRepository } from '../keys/connections-repository';
import { createHubSpotConnectionRepository } from '../hubspot/hubspot-connection-repository';
import { createHubSpotConnectionVault } from '../hubspot/hubspot-connection-vault';
import { keyRingFromConfig } from '../keys/key-ring-from-config';
import { createKeyVault } from '../keys/key-vault';
import { createMembersRepository } from '../members/members-repository';
import { importConfiguration } from '../configuration/import-configuration';
import { configurationYaml, exportConfiguration } from '../configuration/export-configuration';
import { loadConfigOrExit } from '../platform/load-config-or-exit';
import { connectFirestore } from '../platform/firestore/connect-firestore';
import { exportFirestoreToFile, importFirestoreFromFile } from '../platform/firestore/firestore-data-file';
import {
  clearUsageDays,
  fillOutputExpiryEntries,
  isExpiredOutput,
  isUsageDayPath,
  organisationDocumentPaths,
  organisationsOfPaths,
} from './organisation-documents-repository';
import { cliCaller, configurationDependencies, describeImport } from './configuration-commands';
import { readRunningStack } from './running-stack';
import { sendCostReportNow } from './cost-report-command';

const usage = `Usage: npm run admin -- <command> [options]

  grant-role --organisation <id> --email <address> --role <owner|admin|member>
      Gives a role now if the person is a member, else on their first sign-in.
      Organisation ids: "domain:example.com" for a Workspace domain, "user:<google id>" for a consumer account.
  rotate-kek
      Re-wraps every stored provider key and Google Chat alert webhook under the first key of
      KEY_ENCRYPTION_KEYS (or KMS_KEY_NAME). Keep the old key in KEY_ENCRYPTION_KEYS until this has run.
  export-organisation --organisation <id> --out <file.json>
  export-configuration --organisation <id> --out <file.yaml>
  import-configuration --organisation <id> --in <file.yaml> [--dry-run]
      Configuration as code: settings, connections (never their keys) and templates' tag configurations as
      YAML. --dry-run lists what the file would change and writes nothing. Beside a running \`npm start\`,
      these (and every command) use its embedded Firestore; FIRESTORE_EMULATOR_HOST or GOOGLE_CLOUD_PROJECT
      choose another.
  send-cost-report --organisation <id> --kind <daily|weekly>
      E-mails the last complete day's (or ISO week's) cost report now to the organisation's admins who chose
      that report in Admin settings → Budgets & alerts, through SMTP_URL. The scheduled report still goes.
  import-organisation --in <file.json>
      Copies an organisation's documents (keys stay encrypted; the same key-encryption keys must be configured).
      Importing deletes the organisation's packed usage days; summaries rebuild them from the usage records.
      Generated texts past their retention are neither exported nor imported; imported ones expire as before.
`;

const organisationId = z
  .string()
  .regex(/^(domain:[a-z0-9.-]+|user:[0-9A-Za-z_-]+)$/, 'an organisation id looks like "domain:example.com" or "user:1234"');

export async function runAdminCommand(argv: string[], output: (line: string) => void): Promise<number> {
  const { positionals, values } = parseArgs({
    args: argv,
    allowPositionals: true,
    options: {
      organisation: { type: 'string' },
      email: { type: 'string' },
      role: { type: 'string' },
      out: { type: 'string' },
      in: { type: 'string' },
      'dry-run': { type: 'boolean' },
      kind: { type: 'string' },
    },
  });
  const command = positionals[0];
  if (!command || command === 'help') {
    output(usage);
    return command ? 0 : 64;
  }
  const config = loadConfigOrExit();
  // Nothing configured: the Firestore of a running `npm start`, which would otherwise be out of reach.
  const running = config.FIRESTORE_EMULATOR_HOST || config.GOOGLE_CLOUD_PROJECT ? undefined : readRunningStack();
  if (running) output(`Using the Firestore of the running npm start (${running.firestoreHost}).`);
  const connection = await connectFirestore({
    emulatorHost: config.FIRESTORE_EMULATOR_HOST ?? running?.firestoreHost,
    projectId: config.GOOGLE_CLOUD_PROJECT,
  });
  try {
    switch (command) {
      case 'grant-role': {
        const organisation = organisationId.parse(values.organisation);
        const email = z.email().parse(values.email).toLowerCase();
        const role = z.enum(roles).parse(values.role);
        const members = createMembersRepository(connection.firestore);
        const member = await members.findByEmail(organisation, email);
        if (member) {
          await members.update(organisation, member.userId, { role, removed: false, updatedAt: new Date() });
          output(`${email} is now ${role} of ${organisation}.`);
        } else {
          await members.grantByEmail(organisation, email, role);
          output(`${email} will be ${role} of ${organisation} on first sign-in.`);
        }
        return 0;
      }
      case 'rotate-kek': {
        const ring = keyRingFromConfig(config);
        const vault = createKeyVault({ repository: createConnectionsRepository(connection.firestore), ring });
        const keys = await vault.rewrapAll();
        // The webhooks are sealed with the same ring: left out, retiring the old key would silence the alerts.
        const webhooks = await createAlertChannels({ repository: createAlertsRepository(connection.firestore), ring }).rewrapAll();
        // The HubSpot tokens and client secrets too: left out, retiring the old key would disconnect HubSpot.
        const hubspot = await createHubSpotConnectionVault({
          repository: createHubSpotConnectionRepository(connection.firestore),
          ring,
        }).rewrapAll();
        output(
          `Re-wrapped ${keys.rewrapped} of ${keys.visited} stored keys, ${webhooks.rewrapped} of ${webhooks.visited} Google Chat webhooks and ${hubspot.rewrapped} of ${hubspot.visited} HubSpot connections under ${ring.current.id}.`,
        );
        return 0;
      }
      case 'export-organisation': {
        const organisation = organisationId.parse(values.organisation);
        const file = z.string().min(1, 'give --out <file.json>').parse(values.out);
        const exportedAt = new Date();
        const summary = await exportFirestoreToFile(connection.firestore, file, {
          listDocumentPaths: () => organisationDocumentPaths(connection.firestore, organisation),
          include: (documentPath, data) => !isExpiredOutput(documentPath, data, exportedAt),
        });
        output(`Exported ${summary.documents} documents of ${organisation} to ${summary.path}.`);
        return 0;
      }
      case 'export-configuration': {
        const organisation = organisationId.parse(values.organisation);
        const file = z.string().min(1, 'give --out <file.yaml>').parse(values.out);
        const exportedAt = new Date();
        const configuration = await exportConfiguration(configurationDependencies(connection.firestore, config), organisation);
        writeFileSync(file, configurationYaml(configuration, exportedAt));
        const templates = Object.keys(configuration.templates ?? {}).length;
        output(
          `Exported the configuration of ${organisation} to ${file}: settings, ${configuration.connections?.length ?? 0} connections (without keys), ${templates} templates.`,
        );
        return 0;
      }
      case 'import-configuration': {
        const organisation = organisationId.parse(values.organisation);
        const file = z.string().min(1, 'give --in <file.yaml>').parse(values.in);
        const dryRun = values['dry-run'] === true;
        const outcome = await importConfiguration(configurationDependencies(connection.firestore, config), cliCaller(organisation), {
          yaml: readFileSync(file, 'utf8'),
          dryRun,
        });
        for (const line of describeImport(outcome, dryRun)) output(line);
        return outcome.problems.length > 0 ? 1 : 0;
      }
      case 'send-cost-report': {
        const organisation = organisationId.parse(values.organisation);
        const kind = z.enum(['daily', 'weekly'], 'give --kind daily or --kind weekly').parse(values.kind);
        // Beside a running npm start with no relay of its own, the report goes to its local mailbox.
        const smtpUrl = config.SMTP_URL ?? running?.smtpUrl;
        const outcome = await sendCostReportNow(connection.firestore, { ...config, SMTP_URL: smtpUrl }, organisation, kind);
        if (outcome.recipients.length === 0 && outcome.failed.length === 0)
          output(`No admin of ${organisation} chose the ${kind} cost report (Admin settings → Budgets & alerts); nothing was sent.`);
        if (outcome.recipients.length > 0) output(`Sent the ${kind} cost report of ${organisation} to ${outcome.recipients.join(', ')}.`);
        if (outcome.failed.length > 0) output(`Could not send it to ${outcome.failed.join(', ')} (see the service log).`);
        return outcome.failed.length > 0 ? 1 : 0;
      }
      case 'import-organisation': {
        const file = z.string().min(1, 'give --in <file.json>').parse(values.in);
        // Packed usage days are never imported, and the organisations' own are deleted, before the records are
        // written and again after (a summary running meanwhile may have packed a day): a day packed from the old
        // records would otherwise hide the imported ones from every summary.
        let organisations: string[] = [];
        const clearAll = async () => {
          let cleared = 0;
          for (const organisation of organisations) cleared += await clearUsageDays(connection.firestore, organisation);
          return cleared;
        };
        let cleared = 0;
        const importedAt = new Date();
        const summary = await importFirestoreFromFile(connection.firestore, file, {
          include: (documentPath, data) => !isUsageDayPath(documentPath) && !isExpiredOutput(documentPath, data, importedAt),
          derivedDocuments: (documents) => fillOutputExpiryEntries(connection.firestore, documents),
          beforeWrite: async (documentPaths) => {
            organisations = organisationsOfPaths(documentPaths);
            cleared += await clearAll();
          },
        });
        cleared += await clearAll();
        output(`Imported ${summary.documents} documents from ${summary.path}.`);
        if (organisations.length > 0)
          output(
            `Cleared ${cleared} packed usage-day documents of ${organisations.join(', ')}; the next usage summary packs them again from the records.`,
          );
        return 0;
      }
      default:
        output(`Unknown command "${command}".\n\n${usage}`);
        return 64;
    }
  } catch (error) {
    output(
      error instanceof z.ZodError
        ? `Invalid option: ${error.issues.map((issue) => issue.message).join('; ')}`
        : `Failed: ${error instanceof Error ? error.message : String(error)}`,
    );
    return 1;
  } finally {
    await connection.close();
  }
}

if (require.main === module) {
  void runAdminCommand(process.argv.slice(2), (line) => process.stdout.write(`${line}\n`)).then((code) => process.exit(code));
}
