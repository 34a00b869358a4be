import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { spawnSync } from 'node:child_process';
import { templateContentSchema } from '../../../contracts/templates';
import { runAdminCommand } from '../../../backend/src/admin/admin-cli';
import { runningStackFile, writeRunningStack } from '../../../backend/src/admin/running-stack';
import { aiSettingsSchema } from '../../../backend/src/ai/settings/ai-settings';
import { createAiSettingsRepository } from '../../../backend/src/ai/settings/ai-settings-repository';
import { createTemplatesRepository } from '../../../backend/src/templates/templates-repository';
import { createAlertChannels } from '../../../backend/src/alerts/alert-channels';
import { defaultAlertSettings } from '../../../backend/src/organisation-settings/alert-settings';
import { createAlertsRepository } from '../../../backend/src/alerts/alerts-repository';
import { createConnectionsRepository } from '../../../backend/src/keys/connections-repository';
import { createKeyRing, parseLocalKeyEncryptionKeys } from '../../../backend/src/keys/key-encryption-key';
import { createKeyVault } from '../../../backend/src/keys/key-vault';
import { createMembership } from '../../../backend/src/members/membership';
import { createMembersRepository } from '../../../backend/src/members/members-repository';
import { connectFirestore, type FirestoreConnection } from '../../../backend/src/platform/firestore/connect-firestore';
import { startEmbeddedEmulator, type EmbeddedEmulator } from '../../../backend/src/platform/firestore/embedded-emulator';
import { createUsageRepository } from '../../../backend/src/usage/usage-repository';
import { summariseUsage, type UsageRow } from '../../../backend/src/usage/usage-summary';

const keyA = `kek-a:${Buffer.alloc(32, 1).toString('base64')}`;
const keyB = `kek-b:${Buffer.alloc(32, 2).toString('base64')}`;
const keyC = `kek-c:${Buffer.alloc(32, 3).toString('base64')}`;

describe('npm run admin', () => {
  const folder = mkdtempSync(path.join(tmpdir(), 'admin-cli-'));
  let emulator: EmbeddedEmulator;
  let connection: FirestoreConnection;
  const saved = { ...process.env };
  const run = async (...argv: string[]) => {
    const lines: string[] = [];
    const code = await runAdminCommand(argv, (line) => lines.push(line));
    return { code, output: lines.join('\n') };
  };

  beforeAll(async () => {
    emulator = await startEmbeddedEmulator();
    connection = await connectFirestore({ emulatorHost: emulator.host });
    Object.assign(process.env, { AUTH_MODE: 'development', FIRESTORE_EMULATOR_HOST: emulator.host, KEY_ENCRYPTION_KEYS: keyA });
  });
  afterAll(async () => {
    process.env = saved;
    await connection.close();
    emulator.stop();
    rmSync(folder, { recursive: true, force: true });
  });

  it('grants a role before the person first signs in, and they get it on sign-in', async () => {
    const result = await run('grant-role', '--organisation', 'domain:acme.example', '--email', 'Boss@Acme.example', '--role', 'owner');
    expect(result).toEqual({ code: 0, output: 'boss@acme.example will be owner of domain:acme.example on first sign-in.' });
    const membership = createMembership({
      repository: createMembersRepository(connection.firestore),
      bootstrapOwnerEmails: [],
      firstUserBecomesOwner: true,
    });
    // Someone else arrives first; without the grant they would have become the owner.
    const first = await membership.callerFor({
      userId: 'u-first',
      email: 'first@acme.example',
      hostedDomain: 'acme.example',
      organisationId: 'domain:acme.example',
    });
    const boss = await membership.callerFor({
      userId: 'u-boss',
      email: 'boss@acme.example',
      hostedDomain: 'acme.example',
      organisationId: 'domain:acme.example',
    });
    expect(first.role).toBe('owner');
    expect(boss.role).toBe('owner');
    expect(
      (await run('grant-role', '--organisation', 'domain:acme.example', '--email', 'first@acme.example', '--role', 'member')).output,
    ).toBe('first@acme.example is now member of domain:acme.example.');
    expect((await createMembersRepository(connection.firestore).get('domain:acme.example', 'u-first'))?.role).toBe('member');
  });

  it('explains bad options instead of failing', async () => {
    expect(await run('grant-role', '--organisation', 'acme', '--email', 'x@acme.example', '--role', 'owner')).toMatchObject({
      code: 1,
      output: expect.stringMatching(/organisation id looks like/),
    });
    expect(await run('grant-role', '--organisation', 'domain:acme.example', '--email', 'x@acme.example', '--role', 'king')).toMatchObject({
      code: 1,
    });
    expect(await run('launch-rockets')).toMatchObject({ code: 64, output: expect.stringMatching(/Unknown command/) });
  });

  it('re-wraps every stored key under the new key-encryption key', async () => {
    const repository = createConnectionsRepository(connection.firestore);
    const oldVault = createKeyVault({ repository, ring: createKeyRing(parseLocalKeyEncryptionKeys(keyA)) });
    const stored = await oldVault.create('domain:acme.example', 'boss@acme.example', {
      provider: 'openai',
      name: 'Main',
      apiKey: 'sk-rotate-me-000000000001',
    });
    process.env.KEY_ENCRYPTION_KEYS = `${keyB},${keyA}`;
    expect(await run('rotate-kek')).toEqual({
      code: 0,
      output: 'Re-wrapped 1 of 1 stored keys, 0 of 0 Google Chat webhooks and 0 of 0 HubSpot connections under kek-b.',
    });
    const rewrapped = await repository.get('domain:acme.example', stored.id);
    expect(rewrapped?.sealedKey.keyEncryptionKeyId).toBe('kek-b');
    const newVault = createKeyVault({ repository, ring: createKeyRing(parseLocalKeyEncryptionKeys(keyB)) });
    expect((await newVault.open('domain:acme.example', rewrapped!)).apiKey).toBe('sk-rotate-me-000000000001');
    expect(await run('rotate-kek')).toEqual({
      code: 0,
      output: 'Re-wrapped 0 of 1 stored keys, 0 of 0 Google Chat webhooks and 0 of 0 HubSpot connections under kek-b.',
    });
  });

  it('re-wraps the Google Chat alert webhook too, so it still delivers once the old key is retired', async () => {
    const webhook =
      'https://chat.googleapis.com/v1/spaces/AAAArotate/messages?key=AIzaSyRotateMe000000000000000000000&token=rotate-token-0001';
    const sent: string[] = [];
    const channelsWith = (keys: string) =>
      createAlertChannels({
        repository: createAlertsRepository(connection.firestore),
        ring: createKeyRing(parseLocalKeyEncryptionKeys(keys)),
        googleChatBaseUrl: 'http://chat.invalid',
        fetch: async (url) => {
          sent.push(String(url));
          return new Response('{}', { status: 200 });
        },
      });
    // Sealed under kek-b, the current key since the previous rotation.
    await channelsWith(`${keyB},${keyA}`).setGoogleChat('domain:acme.example', webhook, 'boss@acme.example');
    process.env.KEY_ENCRYPTION_KEYS = `${keyC},${keyB}`;
    expect(await run('rotate-kek')).toEqual({
      code: 0,
      output: 'Re-wrapped 1 of 1 stored keys, 1 of 1 Google Chat webhooks and 0 of 0 HubSpot connections under kek-c.',
    });
    const stored = await createAlertsRepository(connection.firestore).getGoogleChat('domain:acme.example');
    expect(stored?.sealedWebhook.keyEncryptionKeyId).toBe('kek-c');

    // kek-b is retired: only kek-c is configured, and the webhook still opens and sends.
    const [notifier, ...others] = await channelsWith(keyC).notifiers('domain:acme.example', defaultAlertSettings);
    expect(others).toEqual([]);
    expect(await notifier!.send({ subject: 'Rotated', text: 'Still here after rotate-kek.' })).toEqual({
      channel: 'google-chat',
      status: 'sent',
    });
    expect(sent).toEqual([
      'http://chat.invalid/v1/spaces/AAAArotate/messages?key=AIzaSyRotateMe000000000000000000000&token=rotate-token-0001',
    ]);
    expect(await run('rotate-kek')).toEqual({
      code: 0,
      output: 'Re-wrapped 0 of 1 stored keys, 0 of 1 Google Chat webhooks and 0 of 0 HubSpot connections under kek-c.',
    });
  });

  it('exports one organisation and imports it into another database', async () => {
    await connection.firestore.doc('orgs/domain:other.example').set({ organisationId: 'domain:other.example' });
    await connection.firestore.doc('orgs/domain:other.example/members/u9').set({ email: 'someone@other.example' });
    // A fill's generated texts live in its outputs subcollection: part of the organisation's data.
    await connection.firestore
      .doc('orgs/domain:acme.example/executions/fill-1')
      .set({ fillId: 'fill-1', userId: 'u-boss', status: 'completed' });
    await connection.firestore.doc('orgs/domain:acme.example/executions/fill-1/outputs/intro').set({
      text: 'Exported intro.',
      errorMessage: null,
      warnings: [],
      cachedInputTokens: 0,
      expireAt: new Date('2030-01-02T03:04:05.678Z'),
    });
    await connection.firestore.doc('orgs/domain:acme.example/executions/fill-1/outputs/body').set({
      text: 'Exported body.',
      errorMessage: null,
      warnings: [],
      cachedInputTokens: 0,
      expireAt: new Date('2030-01-03T00:00:00.000Z'),
    });
    // Expired but not swept yet: such texts never leave the system.
    await connection.firestore.doc('orgs/domain:acme.example/executions/fill-1/outputs/outro').set({
      text: 'Expired outro.',
      errorMessage: null,
      warnings: [],
      cachedInputTokens: 0,
      expireAt: new Date('2020-01-01T00:00:00.000Z'),
    });
    await connection.firestore
      .doc('orgs/domain:acme.example/executions/fill-2')
      .set({ fillId: 'fill-2', userId: 'u-boss', status: 'completed' });
    await connection.firestore
      .doc('orgs/domain:acme.example/executions/fill-2/outputs/intro')
      .set({ text: 'Expired too.', errorMessage: null, warnings: [], cachedInputTokens: 0, expireAt: new Date(Date.now() - 1_000) });
    const file = path.join(folder, 'acme.json');
    const exported = await run('export-organisation', '--organisation', 'domain:acme.example', '--out', file);
    expect(exported.code).toBe(0);
    const contents = readFileSync(file, 'utf8');
    expect(contents).toContain('orgs/domain:acme.example/members/u-boss');
    expect(contents).toContain('orgs/domain:acme.example/connections/');
    expect(contents).toContain('orgs/domain:acme.example/executions/fill-1/outputs/intro');
    expect(contents).toContain('Exported body.');
    expect(contents).not.toContain('fill-1/outputs/outro');
    expect(contents).not.toContain('Expired');
    // The fill itself is still exported; only its expired texts are not.
    expect(contents).toContain('"orgs/domain:acme.example/executions/fill-2"');
    expect(contents).not.toContain('fill-2/outputs/');
    expect(contents).not.toContain('other.example');
    expect(contents).not.toContain('sk-rotate-me');
    // A file exported earlier may still carry a text that has expired since: it is not imported either.
    const data = JSON.parse(contents) as { documents: { path: string; data: unknown }[] };
    data.documents.push({
      path: 'orgs/domain:acme.example/executions/fill-1/outputs/stale',
      data: { text: 'Stale.', expireAt: { $type: 'timestamp', seconds: 1_700_000_000, nanoseconds: 0 } },
    });
    writeFileSync(file, JSON.stringify(data));

    const target = await startEmbeddedEmulator();
    // The Firestore client prefers FIRESTORE_EMULATOR_HOST to the host it is given, so it points at the target first.
    process.env.FIRESTORE_EMULATOR_HOST = target.host;
    const targetConnection = await connectFirestore({ emulatorHost: target.host });
    try {
      expect((await targetConnection.firestore.doc('orgs/domain:acme.example/members/u-boss').get()).exists).toBe(false);
      expect((await run('import-organisation', '--in', file)).code).toBe(0);
      const boss = await targetConnection.firestore.doc('orgs/domain:acme.example/members/u-boss').get();
      expect(boss.get('role')).toBe('owner');
      const output = await targetConnection.firestore.doc('orgs/domain:acme.example/executions/fill-1/outputs/intro').get();
      expect(output.get('text')).toBe('Exported intro.');
      // The texts keep their retention: an import does not make them readable again past it.
      expect(output.get('expireAt').toDate()).toEqual(new Date('2030-01-02T03:04:05.678Z'));
      expect((await targetConnection.firestore.doc('orgs/domain:acme.example/executions/fill-1/outputs/stale').get()).exists).toBe(false);
      // …and the sweep finds them: the index entry lists the imported tags, due when the last of them expires.
      const expiries = await targetConnection.firestore.collection('fillOutputExpiries').get();
      expect(expiries.docs.map((document) => document.id)).toEqual(['domain:acme.example~fill-1']);
      const expiry = expiries.docs[0]!.data();
      expect({ ...expiry, tags: [...expiry.tags].sort(), expireAt: expiry.expireAt.toDate() }).toEqual({
        organisationId: 'domain:acme.example',
        fillId: 'fill-1',
        tags: ['body', 'intro'],
        expireAt: new Date('2030-01-03T00:00:00.000Z'),
      });
    } finally {
      process.env.FIRESTORE_EMULATOR_HOST = emulator.host;
      await targetConnection.close();
      target.stop();
    }
  });

  it('clears the packed usage days of an imported organisation, so they never hide imported records', async () => {
    const usageRecord = (organisation: string, id: string, day: string, userId: string, costNanoDollars: number) => {
      const createdAt = new Date(`${day}T10:00:00.000Z`);
      return {
        id,
        organisationId: organisation,
        userId,
        templateId: 't1',
        fillId: null,
        tag: 'intro',
        requestId: `req-${id}`,
        attempt: 1,
        provider: 'openai',
        servedModel: 'gpt-6-luna',
        inputTokens: 10,
        cachedInputTokens: 0,
        outputTokens: 5,
        costNanoDollars,
        latencyMs: 120,
        cached: false,
        status: 'success',
        createdAt,
        sortKey: `${createdAt.toISOString()}|${id}`,
        day,
        month: day.slice(0, 7),
      };
    };
    const write = async (firestore: typeof connection.firestore, records: ReturnType<typeof usageRecord>[]) => {
      for (const record of records) await firestore.doc(`orgs/${record.organisationId}/usage/${record.id}`).set(record);
    };
    const range = { from: '2026-01-05', to: '2026-01-06' };
    const now = () => new Date('2026-02-01T00:00:00.000Z');
    const summaryOf = async (firestore: typeof connection.firestore, organisation: string, dayRollups: boolean) => {
      const rows: UsageRow[] = [];
      await createUsageRepository(firestore, { now, dayRollups }).scanRows(organisation, range, (page) => rows.push(...page));
      return summariseUsage(rows, range);
    };
    const usageDays = async (firestore: typeof connection.firestore, organisation: string) =>
      (await firestore.collection(`orgs/${organisation}/usageDays`).get()).docs.map((document) => document.id).sort();

    // The source organisation has three records over two closed days.
    await write(connection.firestore, [
      usageRecord('domain:acme.example', 'imp-1', '2026-01-05', 'u-boss', 1_000),
      usageRecord('domain:acme.example', 'imp-2', '2026-01-05', 'u-first', 2_000),
      usageRecord('domain:acme.example', 'imp-3', '2026-01-06', 'u-boss', 4_000),
    ]);
    const file = path.join(folder, 'acme-usage.json');
    expect((await run('export-organisation', '--organisation', 'domain:acme.example', '--out', file)).code).toBe(0);
    const exported = JSON.parse(readFileSync(file, 'utf8')) as { documents: { path: string; data: unknown }[] };
    expect(exported.documents.some((document) => document.path.includes('/usageDays/'))).toBe(false);
    // A file from elsewhere may carry a stale packed day claiming 6 January was empty: it is not imported.
    exported.documents.push({
      path: 'orgs/domain:acme.example/usageDays/2026-01-06-0',
      data: {
        format: 1,
        day: '2026-01-06',
        part: 0,
        parts: 1,
        dayRows: 0,
        packed: '{"texts":[],"rows":[]}',
        builtAt: { $type: 'timestamp', seconds: 1_767_000_000, nanoseconds: 0 },
      },
    });
    writeFileSync(file, JSON.stringify(exported));

    const target = await startEmbeddedEmulator();
    // Set first: the Firestore client prefers FIRESTORE_EMULATOR_HOST over the host it is given.
    process.env.FIRESTORE_EMULATOR_HOST = target.host;
    const targetConnection = await connectFirestore({ emulatorHost: target.host });
    try {
      expect((await targetConnection.firestore.doc('orgs/domain:acme.example/usage/imp-1').get()).exists).toBe(false);
      // The target already holds one record of 5 January, and a summary packed both days from it.
      await write(targetConnection.firestore, [
        usageRecord('domain:acme.example', 'old-1', '2026-01-05', 'u-old', 8_000),
        usageRecord('domain:bystander.example', 'by-1', '2026-01-05', 'u-by', 16_000),
      ]);
      expect((await summaryOf(targetConnection.firestore, 'domain:acme.example', true)).totals).toMatchObject({
        requests: 1,
        costNanoDollars: 8_000,
      });
      expect((await summaryOf(targetConnection.firestore, 'domain:bystander.example', true)).totals).toMatchObject({ requests: 1 });
      expect(await usageDays(targetConnection.firestore, 'domain:acme.example')).toEqual(['2026-01-05-0', '2026-01-06-0']);

      const imported = await run('import-organisation', '--in', file);
      expect(imported.code).toBe(0);
      expect(imported.output).toContain('Cleared 2 packed usage-day documents of domain:acme.example');

      // Nothing packed is left (the file's stale day was not written), and another organisation's stay.
      expect(await usageDays(targetConnection.firestore, 'domain:acme.example')).toEqual([]);
      expect(await usageDays(targetConnection.firestore, 'domain:bystander.example')).toEqual(['2026-01-05-0', '2026-01-06-0']);
      // The next summary sees the imported records and the ones that were there, exactly as the raw records say.
      const summary = await summaryOf(targetConnection.firestore, 'domain:acme.example', true);
      expect(summary).toEqual(await summaryOf(targetConnection.firestore, 'domain:acme.example', false));
      expect(summary.totals).toMatchObject({ requests: 4, costNanoDollars: 15_000 });
      expect(summary.byDay.map((day) => [day.key, day.requests])).toEqual([
        ['2026-01-05', 3],
        ['2026-01-06', 1],
      ]);
      // …and packed them again from the records.
      expect(await usageDays(targetConnection.firestore, 'domain:acme.example')).toEqual(['2026-01-05-0', '2026-01-06-0']);
      expect((await targetConnection.firestore.doc('orgs/domain:acme.example/usageDays/2026-01-06-0').get()).get('dayRows')).toBe(1);
    } finally {
      process.env.FIRESTORE_EMULATOR_HOST = emulator.host;
      await targetConnection.close();
      target.stop();
    }
  });

  it('exports a configuration as YAML and imports it with a dry run first, into the same or another organisation', async () => {
    const settings = createAiSettingsRepository(connection.firestore);
    await settings.save('domain:config-cli.example', {
      baseVersion: 0,
      settings: aiSettingsSchema.parse({ budgets: { organisation: { monthlyUsd: 40 } } }),
      updatedBy: { userId: 'owner', email: 'owner@config-cli.example' },
      at: new Date(),
    });
    await createTemplatesRepository(connection.firestore).save('domain:config-cli.example', 'cli-doc', {
      baseVersion: 0,
      content: templateContentSchema.parse({ name: 'Letter', tags: { greeting: { prompt: 'Greet {{name}}.' } } }),
      updatedBy: { userId: 'owner', email: 'owner@config-cli.example' },
      at: new Date(),
    });
    const file = path.join(folder, 'configuration.yaml');
    const exported = await run('export-configuration', '--organisation', 'domain:config-cli.example', '--out', file);
    expect(exported).toEqual({
      code: 0,
      output: `Exported the configuration of domain:config-cli.example to ${file}: settings, 0 connections (without keys), 1 templates.`,
    });
    writeFileSync(file, readFileSync(file, 'utf8').replace('monthlyUsd: 40', 'monthlyUsd: 45'));

    const dryRun = await run('import-configuration', '--organisation', 'domain:config-cli.example', '--in', file, '--dry-run');
    expect(dryRun).toEqual({
      code: 0,
      output: expect.stringMatching(
        /^Dry run: importing would make 1 change\(s\):\n {2}changed settings\.budgets\.organisation\.monthlyUsd: 40 → 45\n/,
      ),
    });
    expect((await settings.latest('domain:config-cli.example'))?.version).toBe(1);

    const imported = await run('import-configuration', '--organisation', 'domain:config-cli.example', '--in', file);
    expect(imported.code).toBe(0);
    expect(imported.output).toMatch(/^Imported 1 change\(s\):/);
    const latest = await settings.latest('domain:config-cli.example');
    expect(latest).toMatchObject({ version: 2, content: { budgets: { organisation: { monthlyUsd: 45 } } } });
    expect(latest?.updatedBy.email).toMatch(/^admin-cli \(/);

    const elsewhere = await run('import-configuration', '--organisation', 'domain:copy-cli.example', '--in', file);
    expect(elsewhere.code).toBe(0);
    expect((await createTemplatesRepository(connection.firestore).latest('domain:copy-cli.example', 'cli-doc'))?.content.name).toBe(
      'Letter',
    );

    writeFileSync(file, 'version: 2\n');
    const refused = await run('import-configuration', '--organisation', 'domain:config-cli.example', '--in', file);
    expect(refused).toEqual({
      code: 1,
      output: expect.stringMatching(/^Nothing was imported\. Fix the file first:\n {2}problem: version: /),
    });
  });

  it('beside a running npm start, uses its embedded Firestore; a file left by a stopped one is ignored', async () => {
    const workingFolder = mkdtempSync(path.join(tmpdir(), 'admin-cli-stack-'));
    const before = process.cwd();
    delete process.env.FIRESTORE_EMULATOR_HOST;
    process.chdir(workingFolder);
    try {
      const stack = path.join(workingFolder, runningStackFile);
      writeRunningStack({ firestoreHost: emulator.host, backendUrl: 'http://127.0.0.1:1', pid: process.pid }, stack);
      const out = path.join(workingFolder, 'found.yaml');
      const found = await run('export-configuration', '--organisation', 'domain:config-cli.example', '--out', out);
      expect(found.code).toBe(0);
      expect(found.output).toMatch(new RegExp(`^Using the Firestore of the running npm start \\(${emulator.host}\\)\\.`));
      expect(readFileSync(out, 'utf8')).toContain('monthlyUsd: 45');

      const stopped = spawnSync(process.execPath, ['-e', '0']).pid;
      writeRunningStack({ firestoreHost: emulator.host, backendUrl: 'http://127.0.0.1:1', pid: stopped }, stack);
      const fresh = await run('export-configuration', '--organisation', 'domain:config-cli.example', '--out', out);
      expect(fresh.output).not.toContain('Using the Firestore');
      expect(readFileSync(out, 'utf8')).not.toContain('monthlyUsd: 45');
    } finally {
      process.chdir(before);
      process.env.FIRESTORE_EMULATOR_HOST = emulator.host;
      rmSync(workingFolder, { recursive: true, force: true });
    }
  });
});
