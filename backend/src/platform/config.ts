import { z } from 'zod';
import { alertEmailFromSchema, defaultAlertEmailFrom, smtpUrlSchema } from '../alerts/smtp-settings';
import { readFileSync } from 'node:fs';
import ipaddr from 'ipaddr.js';
import { catalogFileSchema, type CatalogModel } from '../ai/models/model-catalog';
import type { ProviderDescriptor, ServerConnection } from '../ai/providers/provider-descriptor';
import { providerDescriptors } from '../ai/providers/registry';
import { parseLocalKeyEncryptionKeys } from '../keys/key-encryption-key';

const booleanFromString = z.enum(['true', 'false', '1', '0']).transform((value) => value === 'true' || value === '1');

const commaSeparatedList = z.string().transform((value) =>
  value
    .split(',')
    .map((item) => item.trim())
    .filter((item) => item.length > 0),
);

function bodyLimitBytes(limit: string): number {
  const match = /^(\d+)(kb|mb)$/.exec(limit);
  if (!match) return 0;
  return Number(match[1]) * (match[2] === 'mb' ? 1024 * 1024 : 1024);
}

/** A newer model catalog in the built-in file's shape, read and checked once at start-up. */
const catalogFile = z.string().transform((path, context): { path: string; models: CatalogModel[] } => {
  let text: string;
  try {
    text = readFileSync(path, 'utf8');
  } catch {
    context.addIssue({ code: 'custom', message: `cannot read ${path}` });
    return z.NEVER;
  }
  let json: unknown;
  try {
    json = JSON.parse(text);
  } catch {
    context.addIssue({ code: 'custom', message: `${path} is not JSON` });
    return z.NEVER;
  }
  const parsed = catalogFileSchema.safeParse(json);
  if (!parsed.success) {
    const first = parsed.error.issues[0];
    context.addIssue({ code: 'custom', message: `${path}: ${first?.path.join('.') ?? ''}: ${first?.message ?? 'not a model catalog'}` });
    return z.NEVER;
  }
  return { path, models: parsed.data.models };
});

/**
 * Every setting the backend reads, in one schema over the environment (with the providers' variables added
 * below). Parsed once at start-up so a bad configuration stops the process with the variable's name instead
 * of failing on the first request.
 */
const ownVariables = z.object({
  NODE_ENV: z.enum(['development', 'test', 'production']).default('development'),
  PORT: z.coerce.number().int().min(0).max(65535).default(8080),
  HOST: z.string().min(1).default('127.0.0.1'),
  LOG_LEVEL: z.enum(['fatal', 'error', 'warn', 'info', 'debug', 'trace', 'silent']).default('info'),

  /** `development` accepts the harness's development tokens; never allowed with NODE_ENV=production. */
  AUTH_MODE: z.enum(['google', 'development']).default('google'),
  /** OAuth client ids whose ID tokens are accepted (the add-on's Cloud project client id). */
  GOOGLE_OAUTH_AUDIENCES: commaSeparatedList.default([]),

  /** E-mails that become owners on first sign-in; without them the first user becomes owner locally, nobody in production. */
  BOOTSTRAP_OWNER_EMAILS: commaSeparatedList.default([]),

  /**
   * Key-encryption keys for the key vault: "id:base64-32-bytes[,older-id:base64…]"; the first wraps new keys,
   * the others still unwrap older records until `npm run admin -- rotate-kek` re-wraps them.
   * Generate one with: node -e "console.log('kek-' + Date.now() + ':' + require('crypto').randomBytes(32).toString('base64'))"
   */
  KEY_ENCRYPTION_KEYS: z.string().min(1).optional(),
  /** A Cloud KMS key (projects/…/cryptoKeys/…) that wraps new keys instead; KEY_ENCRYPTION_KEYS still unwrap older ones. */
  KMS_KEY_NAME: z.string().min(1).optional(),

  FIRESTORE_EMULATOR_HOST: z.string().min(1).optional(),
  GOOGLE_CLOUD_PROJECT: z.string().min(1).optional(),
  /** Where the embedded emulator keeps its data between restarts; empty keeps it in memory only. */
  EMBEDDED_FIRESTORE_DATA_FILE: z.string().optional(),

  /**
   * In production, the organisations the server-wide keys (each provider's variables, e.g. OPENAI_API_KEY) serve ("domain:example.com" or "example.com",
   * "user:<Google account id>"), each under SERVER_KEY_DAILY_BUDGET_USD unless its admins set a daily budget.
   * Empty: the server-wide keys serve nobody in production, and every organisation brings its own key.
   */
  SERVER_KEY_ORGANISATIONS: commaSeparatedList
    .default([])
    .transform((entries) => entries.map((entry) => (entry.includes(':') ? entry : `domain:${entry.toLowerCase()}`))),
  /** The daily budget of an organisation using the server-wide keys, when its admins set none. */
  SERVER_KEY_DAILY_BUDGET_USD: z.coerce.number().positive().max(1_000_000).default(5),
  /**
   * A model catalog file (the shape of backend/src/ai/models/model-catalog.json) laid over the built-in one:
   * its entries replace built-in ones of the same provider and id and add new ones, so new models, prices
   * and shutdown dates reach production without a new release.
   */
  MODEL_CATALOG_FILE: catalogFile.optional(),

  /**
   * Besides public addresses, what provider base URLs and webhooks may reach: host names ("llm.internal",
   * "*.corp.example") and address ranges ("10.20.0.0/16"), e.g. a model served inside the VPC. These may also
   * use plain http in production. Outside production loopback is allowed anyway (Ollama on this machine).
   */
  OUTBOUND_ALLOWED_HOSTS: commaSeparatedList
    .default([])
    .refine(
      (entries) =>
        entries.every((entry) =>
          entry.includes('/') ? ipaddr.isValidCIDR(entry) : /^(\*\.)?[a-z0-9.-]+$/i.test(entry) || ipaddr.isValid(entry),
        ),
      'write host names, *.domain wildcards or address ranges such as 10.20.0.0/16, separated by commas',
    ),

  /** Longest single provider call. */
  AI_REQUEST_TIMEOUT_MS: z.coerce.number().int().min(100).max(45000).default(30000),
  /** Longest one AI answer may take, retries and fallbacks included; each tag of a fill has its own. Apps Script gives up at about 60 s. */
  AI_DEADLINE_MS: z.coerce.number().int().min(500).max(45000).default(40000),
  /**
   * Longest a call waits for the next minute of a connection at its own rate limit before it goes to a fallback
   * model instead (always within the tag's deadline); 0 never waits.
   */
  CONNECTION_RATE_LIMIT_MAX_WAIT_MS: z.coerce.number().int().min(0).max(30000).default(5000),
  /** Provider calls per answer, fallbacks included. */
  AI_MAX_ATTEMPTS: z.coerce.number().int().min(1).max(10).default(5),
  /** First retry waits up to this long (full jitter), doubling each retry up to 8 s. */
  AI_RETRY_BASE_DELAY_MS: z.coerce.number().int().min(0).max(10000).default(500),
  /** Shards per budget counter; real Firestore takes about one write per second per document. */
  BUDGET_COUNTER_SHARDS: z.coerce.number().int().min(1).max(100).default(8),
  /**
   * Usage records wait up to this long to share one Firestore commit with others (a commit costs about 1 ms of
   * CPU). An answer waits for its record, so this adds to every answer's latency; records arriving while a
   * commit is under way share the next one anyway.
   */
  USAGE_WRITE_LINGER_MS: z.coerce.number().int().min(0).max(1000).default(0),
  /** Longest any one Firestore operation may take (its own retries included) before the request gets a 503. */
  FIRESTORE_DEADLINE_MS: z.coerce.number().int().min(500).max(60_000).default(5000),
  /**
   * Time between SIGTERM and SIGKILL (Cloud Run gives 10 s). Requests and fills in flight finish within it;
   * what cannot finish is stopped early enough to record its usage and mark the fill interrupted.
   */
  /**
   * How often an instance says it is alive: running fills write a heartbeat and budget leases are renewed.
   * A fill or lease silent for 3.5 times this long belongs to an instance that crashed: the fill is reported
   * interrupted and the lease returned to its budget by any instance (within 2 minutes at the default).
   */
  INSTANCE_HEARTBEAT_MS: z.coerce.number().int().min(200).max(30_000).default(20_000),
  SHUTDOWN_GRACE_MS: z.coerce.number().int().min(2000).max(600_000).default(10_000),
  RATE_LIMIT_USER_PER_MINUTE: z.coerce.number().int().min(1).max(10_000_000).default(300),
  RATE_LIMIT_ORGANISATION_PER_MINUTE: z.coerce.number().int().min(1).max(10_000_000).default(3000),
  /** When set, /metrics wants "Authorization: Bearer <token>"; in production /metrics is off without it. */
  METRICS_TOKEN: z.string().min(16).optional(),
  /** Requests from one client address whose token is missing or invalid, per minute, before 429. */
  RATE_LIMIT_UNAUTHENTICATED_PER_MINUTE: z.coerce.number().int().min(1).max(100_000).default(60),
  /**
   * The public HubSpot webhook, per instance, counted before its signature is checked: requests from one client
   * address, and requests for one organisation from any address, per minute, before 429. HubSpot sends
   * workflow webhooks from a pool of addresses shared by its customers, so the per-address limit is generous.
   */
  RATE_LIMIT_WEBHOOK_PER_ADDRESS_PER_MINUTE: z.coerce.number().int().min(1).max(1_000_000).default(600),
  RATE_LIMIT_WEBHOOK_PER_ORGANISATION_PER_MINUTE: z.coerce.number().int().min(1).max(1_000_000).default(300),
  /** Tags of one fill generated at once; a 20-tag fill then takes about as long as its slowest tag. */
  FILL_CONCURRENCY: z.coerce.number().int().min(1).max(50).default(20),
  /** Tags not started this long after a fill's start are not started (they fail with `timeout`); a fill polled in the background may outlast one request. */
  FILL_MAX_DURATION_MS: z.coerce.number().int().min(1000).max(340_000).default(300_000),
  /**
   * How long a fill's generated texts stay on the backend (for a poll that reaches another instance), in
   * hours; afterwards they are deleted and reading the fill answers 410. Generated text is the user's
   * document content, so it is not kept indefinitely; at most 30 days.
   */
  FILL_OUTPUT_RETENTION_HOURS: z.coerce.number().int().min(1).max(720).default(24),
  /** Largest request body ("1mb", "512kb"); a fill with the most document text needs about 620 KB. */
  JSON_BODY_LIMIT: z
    .string()
    .regex(/^\d+(kb|mb)$/, 'write the limit as a number of kb or mb, e.g. 1mb')
    .refine((value) => bodyLimitBytes(value) >= 700 * 1024, 'at least 700kb: a fill carries up to 200,000 characters of document text')
    .default('1mb'),
  TRUST_PROXY: booleanFromString.default(false),
  /**
   * The mail relay for e-mail alerts: smtp://user:password@host:587 (STARTTLS, required when sending a
   * password to another machine) or smtps://user:password@host:465. Its password is a secret: never logged,
   * never quoted in a configuration error. Unset: e-mail alerts are recorded as undeliverable.
   */
  SMTP_URL: smtpUrlSchema.optional(),
  /** The sender of alert e-mails: "Name <address@example.com>" or an address. */
  ALERT_EMAIL_FROM: alertEmailFromSchema.default(defaultAlertEmailFrom),
  /** Tests only: where Google Chat alerts are posted instead of https://chat.googleapis.com (refused in production). */
  GOOGLE_CHAT_WEBHOOK_BASE_URL: z.url({ protocol: /^https?$/ }).optional(),
  /** Where HubSpot's API is (the local stand-in in tests and `npm start`); calls go through the outbound guard. */
  HUBSPOT_BASE_URL: z.url({ protocol: /^https?$/ }).default('https://api.hubapi.com'),
  /**
   * The address HubSpot calls this service at (https://fill.example.com), with which webhook signatures are
   * checked; unset, the scheme and host the request arrived with (behind a proxy, set this or TRUST_PROXY).
   */
  PUBLIC_BASE_URL: z.url({ protocol: /^https?$/ }).optional(),
});

/**
 * The server-wide provider connections (OPENAI_API_KEY, ANTHROPIC_API_KEY, …): each registered provider
 * contributes its variables' schema pieces (see its descriptor), so they are checked with the rest.
 */
const providerVariables: z.ZodRawShape = Object.assign({}, ...providerDescriptors.map((descriptor) => descriptor.environment));

const providerVariableNames = providerDescriptors.flatMap((descriptor) => Object.keys(descriptor.environment));
const clashingVariables = providerVariableNames.filter(
  (name, index) => providerVariableNames.indexOf(name) !== index || name in ownVariables.shape,
);
// A programming mistake in a descriptor, not a configuration one: one variable would silently shadow another.
if (clashingVariables.length > 0) throw new Error(`Environment variables declared twice: ${clashingVariables.join(', ')}`);

const environmentVariables = ownVariables.extend(providerVariables);

type OwnSettings = z.infer<typeof ownVariables>;

export type Config = OwnSettings & {
  /**
   * The connections configured on the server itself, from each provider's variables, in the registry's order
   * (the first usable one gives the default model). Used when an organisation has none of its own.
   */
  serverConnections: ServerConnection[];
};

export const configSchema: z.ZodType<Config> = environmentVariables
  .superRefine((parsed, context) => checkCombinations(parsed as OwnSettings, context))
  .transform((parsed): Config => ({
    ...(parsed as OwnSettings),
    serverConnections: (providerDescriptors as readonly ProviderDescriptor[]).flatMap(
      (descriptor) => descriptor.serverConnection(parsed) ?? [],
    ),
  }));

/** Rules across variables: what production requires and refuses. */
function checkCombinations(config: OwnSettings, context: z.RefinementCtx): void {
  if (config.KEY_ENCRYPTION_KEYS) {
    try {
      parseLocalKeyEncryptionKeys(config.KEY_ENCRYPTION_KEYS);
    } catch (error) {
      // The parser's messages never quote the secret.
      context.addIssue({ code: 'custom', path: ['KEY_ENCRYPTION_KEYS'], message: error instanceof Error ? error.message : 'not valid' });
    }
  }
  if (config.NODE_ENV === 'production' && config.AUTH_MODE === 'development') {
    context.addIssue({
      code: 'custom',
      path: ['AUTH_MODE'],
      message: 'development auth accepts unsigned tokens and is refused when NODE_ENV=production',
    });
  }
  if (config.NODE_ENV === 'production' && !config.KEY_ENCRYPTION_KEYS && !config.KMS_KEY_NAME) {
    context.addIssue({
      code: 'custom',
      path: ['KEY_ENCRYPTION_KEYS'],
      message: 'production needs a key-encryption key for the key vault: set KEY_ENCRYPTION_KEYS or KMS_KEY_NAME',
    });
  }
  if (config.NODE_ENV === 'production' && !config.GOOGLE_CLOUD_PROJECT) {
    context.addIssue({
      code: 'custom',
      path: ['GOOGLE_CLOUD_PROJECT'],
      message:
        'production keeps its data in Firestore: set GOOGLE_CLOUD_PROJECT to the project whose Firestore database to use (without it the backend would start on an in-memory emulator and lose everything on restart)',
    });
  }
  if (config.NODE_ENV === 'production' && config.FIRESTORE_EMULATOR_HOST !== undefined) {
    context.addIssue({
      code: 'custom',
      path: ['FIRESTORE_EMULATOR_HOST'],
      message: 'an emulator keeps no data safely and checks no credentials: unset it in production',
    });
  }
  if (config.NODE_ENV === 'production' && config.GOOGLE_CHAT_WEBHOOK_BASE_URL !== undefined) {
    context.addIssue({
      code: 'custom',
      path: ['GOOGLE_CHAT_WEBHOOK_BASE_URL'],
      message: 'only for tests: production posts alerts to Google Chat itself',
    });
  }
  if (config.AUTH_MODE === 'google' && config.GOOGLE_OAUTH_AUDIENCES.length === 0) {
    context.addIssue({
      code: 'custom',
      path: ['GOOGLE_OAUTH_AUDIENCES'],
      message: 'set the OAuth client id(s) of the add-on so ID tokens can be checked (or AUTH_MODE=development locally)',
    });
  }
}

export class ConfigError extends Error {
  constructor(readonly problems: string[]) {
    super(`Invalid configuration:\n${problems.map((problem) => `  - ${problem}`).join('\n')}`);
    this.name = 'ConfigError';
  }
}

export function loadConfig(environment: NodeJS.ProcessEnv = process.env): Config {
  const relevant = Object.fromEntries(
    Object.keys(environmentVariables.shape)
      .filter((name) => environment[name] !== undefined && environment[name] !== '')
      .map((name) => [name, environment[name]]),
  );
  const result = configSchema.safeParse(relevant);
  if (!result.success) {
    throw new ConfigError(result.error.issues.map((issue) => `${issue.path.join('.') || '(environment)'}: ${issue.message}`));
  }
  return result.data;
}
