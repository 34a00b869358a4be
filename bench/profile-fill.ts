import { mkdirSync } from 'node:fs';
import path from 'node:path';
import { createDevelopmentToken } from '../backend/src/auth/development-token';
import { buildBackend } from '../scripts/build-backend';
import { closedLoop, startProcess } from './bench-processes';
import { startBuiltBackend } from './server-processes';

/**
 * `npx tsx bench/profile-fill.ts [folder]`: a CPU profile (node --cpu-prof) of the built backend serving
 * PROFILE_FILLS one-tag fills (500), PROFILE_CALLERS at a time (1), against a 50 ms stand-in provider, to open
 * in Chrome DevTools or speedscope. Warm-up calls come first, so the profile is mostly of the steady state.
 */
const fills = Number(process.env.PROFILE_FILLS ?? '500');
const callers = Number(process.env.PROFILE_CALLERS ?? '1');
const bearer = `Bearer ${createDevelopmentToken({ sub: 'bench-user', email: 'bench@bench.example', hd: 'bench.example' })}`;

async function main(): Promise<void> {
  const folder = path.resolve(process.argv[2] ?? 'profiles');
  mkdirSync(folder, { recursive: true });
  await buildBackend();
  const provider = await startProcess('provider-server-process.ts', { PROVIDER_LATENCY_MS: '50' });
  const emulator = await startProcess('firestore-emulator-process.ts');
  const backend = await startBuiltBackend(
    {
      AUTH_MODE: 'development',
      FIRESTORE_EMULATOR_HOST: emulator.address,
      OPENAI_API_KEY: 'sk-bench',
      OPENAI_BASE_URL: provider.address,
      OPENAI_DEFAULT_MODEL: 'gpt-6-luna',
      RATE_LIMIT_USER_PER_MINUTE: '1000000',
      RATE_LIMIT_ORGANISATION_PER_MINUTE: '1000000',
    },
    ['--cpu-prof', `--cpu-prof-dir=${folder}`],
  );
  let sequence = 0;
  const fill = async () => {
    sequence += 1;
    const response = await fetch(`${backend.url}/v1/fills`, {
      method: 'POST',
      headers: { authorization: bearer, 'content-type': 'application/json' },
      body: JSON.stringify({
        documentId: 'profile-document',
        fieldValues: { client: `Client ${sequence}` },
        tags: [{ name: 'intro', configuration: { prompt: `Write an intro for {{client}} (${sequence}).`, maxOutputTokens: 64 } }],
      }),
    });
    if (response.status !== 200) throw new Error(`fill failed: ${response.status} ${await response.text()}`);
    await response.arrayBuffer();
  };
  await closedLoop(callers, 3000, fill);
  let done = 0;
  await Promise.all(
    Array.from({ length: callers }, async () => {
      while (done < fills) {
        done += 1;
        await fill();
      }
    }),
  );
  await backend.stop();
  for (const child of [provider, emulator]) child.child.stdin?.end();
  process.stdout.write(`profile written to ${folder}\n`);
}

main().catch((error: unknown) => {
  process.stderr.write(`${error instanceof Error ? (error.stack ?? error.message) : String(error)}\n`);
  process.exit(1);
});
