/**
 * `npm start`: builds the add-on, starts the backend (on the embedded Firestore emulator unless one is
 * configured) in development auth mode, and serves the local harness where the real add-on runs against
 * an in-memory document. `npm run start:demo` also starts a local OpenAI-compatible stand-in provider.
 */
import pinoPretty from 'pino-pretty';
import { z } from 'zod';
import { providerDescriptor } from '../backend/src/ai/providers/provider-lookup';
import { loadConfigOrExit } from '../backend/src/platform/load-config-or-exit';
import { createLogger } from '../backend/src/platform/logger';
import { removeRunningStack, writeRunningStack } from '../backend/src/admin/running-stack';
import { startBackend } from '../backend/src/start-backend';
import { startOpenAIServer, type ProviderServer } from '../harness/provider-servers';
import { startHubSpotServer, type HubSpotServer } from '../harness/hubspot-server';
import { startLocalMailbox, type LocalMailbox } from '../harness/local-mailbox';
import { addSampleBulkRunData } from '../harness/sample-bulk-run';
import { sampleHubSpotToken, seedSampleHubSpotCrm } from '../harness/sample-hubspot-crm';
import { startHarness } from '../harness/server/start-harness';
import { buildAddon } from './build-addon';

const harnessSettings = z.object({
  HARNESS_PORT: z.coerce.number().int().min(0).max(65535).default(5173),
  HARNESS_HOST: z.string().min(1).default('127.0.0.1'),
});

async function main(): Promise<void> {
  const demoProvider = process.argv.includes('--demo-provider');
  const harness = harnessSettings.parse({
    HARNESS_PORT: process.env.HARNESS_PORT || undefined,
    HARNESS_HOST: process.env.HARNESS_HOST || undefined,
  });
  await buildAddon({ harness: true });

  let provider: ProviderServer | undefined;
  // Keys, templates and usage survive restarts of `npm start` (an empty value keeps them in memory only).
  const environment: NodeJS.ProcessEnv = {
    AUTH_MODE: 'development',
    LOG_LEVEL: 'info',
    EMBEDDED_FIRESTORE_DATA_FILE: '.local-data/firestore.json',
    ...process.env,
  };
  if (demoProvider) {
    provider = await startOpenAIServer();
    environment.OPENAI_BASE_URL = provider.baseUrl;
    environment.OPENAI_API_KEY = 'demo-provider-key';
  }

  // A local HubSpot portal (CRM v3 wire format) with a few sample deals, unless a real one is configured.
  let hubspot: HubSpotServer | undefined;
  let sampleDealIds: string[] = [];
  if (!process.env.HUBSPOT_BASE_URL) {
    hubspot = await startHubSpotServer({ accessToken: sampleHubSpotToken });
    sampleDealIds = seedSampleHubSpotCrm(hubspot.crm);
    environment.HUBSPOT_BASE_URL = hubspot.baseUrl;
  }

  // E-mail alerts and cost reports go to a local mailbox (told in this terminal, saved as .eml files), unless a
  // real relay is configured.
  let mailbox: LocalMailbox | undefined;
  if (!process.env.SMTP_URL) {
    mailbox = await startLocalMailbox({
      folder: '.local-data/mail',
      onMail: (mail) =>
        process.stdout.write(
          `\n  Mail to ${mail.to.join(', ')}: ${mail.subject}\n  ${mail.file ?? ''}\n${mail.text.replace(/^/gm, '    ')}\n\n`,
        ),
    });
    environment.SMTP_URL = mailbox.smtpUrl;
  }

  const config = loadConfigOrExit(environment);
  // A person reads these logs in a terminal; piped elsewhere they stay JSON lines, as in production.
  const destination = process.stdout.isTTY
    ? pinoPretty({ colorize: true, ignore: 'pid,hostname,service', translateTime: 'HH:MM:ss' })
    : undefined;
  const logger = createLogger({ level: config.LOG_LEVEL, destination });
  const backend = await startBackend(config, logger);
  const running = await startHarness({
    backendUrl: backend.url,
    port: harness.HARNESS_PORT,
    host: harness.HARNESS_HOST,
    onScriptLog: (message) => logger.info({ source: 'apps-script' }, message),
  });

  // A sheet of 20 leads and an output folder, for a first bulk run from the sidebar's Bulk panel.
  const sample = addSampleBulkRunData(running.workspace);

  const configured = config.serverConnections.find((connection) => connection.apiKey || connection.baseUrl);
  const providerLine = provider
    ? `demo provider (OpenAI wire format, deterministic text): ${provider.baseUrl}`
    : configured
      ? `${providerDescriptor(configured.provider)?.displayName ?? configured.provider} provider: ${configured.baseUrl ?? 'its own endpoint'} (model ${configured.defaultModel})`
      : 'no provider configured: the sidebar will say so (set OPENAI_API_KEY, or run npm run start:demo)';
  // The admin CLI run beside this finds the embedded emulator here (npm run admin -- export-configuration …).
  if (backend.firestore.mode === 'embedded-emulator' && backend.firestore.host)
    writeRunningStack({ firestoreHost: backend.firestore.host, backendUrl: backend.url, smtpUrl: mailbox?.smtpUrl, pid: process.pid });
  process.stdout.write(
    `\n  Harness: ${running.url}\n  Backend: ${backend.url}\n  ${providerLine}\n` +
      `  Sample sheet for a bulk run: ${sample.spreadsheetUrl} (sheet Leads), output folder: ${sample.folderUrl}\n` +
      (hubspot
        ? `  HubSpot stand-in: ${hubspot.baseUrl}, private-app token ${sampleHubSpotToken} (Admin settings → HubSpot), sample deals ${sampleDealIds.join(', ')}\n\n`
        : '\n') +
      (mailbox ? `  Mailbox: e-mail alerts and cost reports show here and in .local-data/mail/\n\n` : ''),
  );

  const shutdown = () => {
    removeRunningStack();
    void Promise.allSettled([running.close(), backend.close(), provider?.close(), hubspot?.close(), mailbox?.close()]).then(() =>
      process.exit(0),
    );
  };
  process.once('SIGINT', shutdown);
  process.once('SIGTERM', shutdown);
}

main().catch((error: unknown) => {
  process.stderr.write(`${error instanceof Error ? (error.stack ?? error.message) : String(error)}\n`);
  process.exit(1);
});
