import { chmodSync, mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { deployAddon } from '../../../scripts/deploy-addon';

/**
 * The deploy script's decisions, with a fake `clasp` first on PATH that records its arguments and answers as
 * @google/clasp 3 does with --json. Nothing reaches Google.
 */
const fakeClasp = `#!/usr/bin/env node
const fs = require('node:fs');
const args = process.argv.slice(2);
fs.appendFileSync(process.env.FAKE_CLASP_LOG, JSON.stringify({ cwd: process.cwd(), args }) + '\\n');
if (args[0] === 'show-authorized-user') console.log(JSON.stringify({ loggedIn: process.env.FAKE_CLASP_LOGGED_IN === 'yes' }));
if (args[0] === 'create-script') {
  if (fs.existsSync('.clasp.json')) { console.error('Project file already exists.'); process.exit(1); }
  fs.writeFileSync('.clasp.json', JSON.stringify({ scriptId: 'new-script-id-0123456789abcdef' }));
  console.log('Created new script: https://script.google.com/d/new-script-id-0123456789abcdef/edit');
  console.log(JSON.stringify({ scriptId: 'new-script-id-0123456789abcdef', files: [] }, null, 2));
}
if (args[0] === 'create-version') console.log(JSON.stringify({ versionNumber: 7 }, null, 2));
`;

describe('npm run deploy:addon', () => {
  let directory: string;
  let environment: NodeJS.ProcessEnv;
  const calls = () =>
    readFileSync(path.join(directory, 'clasp.log'), 'utf8')
      .trim()
      .split('\n')
      .filter(Boolean)
      .map((line) => JSON.parse(line) as { cwd: string; args: string[] });
  const builds: Array<{ outputDirectory: string; backendUrl: string }> = [];
  const build = async (options: { outputDirectory: string; backendUrl: string }) => {
    builds.push(options);
  };

  beforeEach(() => {
    directory = mkdtempSync(path.join(tmpdir(), 'deploy-addon-'));
    const bin = path.join(directory, 'bin');
    mkdirSync(bin);
    writeFileSync(path.join(bin, 'clasp'), fakeClasp);
    chmodSync(path.join(bin, 'clasp'), 0o755);
    writeFileSync(path.join(directory, 'clasp.log'), '');
    builds.length = 0;
    environment = {
      PATH: `${bin}${path.delimiter}${process.env.PATH}`,
      FAKE_CLASP_LOG: path.join(directory, 'clasp.log'),
      FAKE_CLASP_LOGGED_IN: 'yes',
      ADDON_BACKEND_URL: 'https://backend.example.com',
    };
  });
  afterEach(() => rmSync(directory, { recursive: true, force: true }));

  it('creates a standalone project the first time, keeps its id out of git, builds for the backend, pushes and versions', async () => {
    const lines: string[] = [];
    const result = await deployAddon({ root: directory, environment, build, log: (line) => lines.push(line) });
    expect(result).toEqual({ scriptId: 'new-script-id-0123456789abcdef', version: 7, created: true });
    const dist = path.join(directory, 'dist');
    expect(calls()).toEqual([
      { cwd: directory, args: ['show-authorized-user', '--json'] },
      { cwd: dist, args: ['create-script', '--type', 'standalone', '--title', 'AI Template Fill', '--rootDir', 'addon', '--json'] },
      { cwd: dist, args: ['push', '--force'] },
      { cwd: dist, args: ['create-version', expect.stringMatching(/^deploy /), '--json'] },
    ]);
    expect(builds).toEqual([{ outputDirectory: path.join(dist, 'addon'), backendUrl: 'https://backend.example.com' }]);
    expect(JSON.parse(readFileSync(path.join(directory, '.local-data', 'apps-script-project.json'), 'utf8'))).toEqual({
      scriptId: 'new-script-id-0123456789abcdef',
    });
    expect(JSON.parse(readFileSync(path.join(dist, '.clasp.json'), 'utf8'))).toEqual({
      scriptId: 'new-script-id-0123456789abcdef',
      rootDir: 'addon',
    });
    expect(lines.join('\n')).toMatch(/Script ID:\s+new-script-id-0123456789abcdef\n\s+Script version: 7/);
  });

  it('reuses the recorded project on the next run (no create-script, no "Project file already exists")', async () => {
    await deployAddon({ root: directory, environment, build, log: () => undefined });
    writeFileSync(path.join(directory, 'clasp.log'), '');
    const again = await deployAddon({ root: directory, environment, build, log: () => undefined });
    expect(again).toEqual({ scriptId: 'new-script-id-0123456789abcdef', version: 7, created: false });
    expect(calls().map((call) => call.args[0])).toEqual(['show-authorized-user', 'push', 'create-version']);
  });

  it('uses ADDON_SCRIPT_ID when given, for an existing project', async () => {
    const result = await deployAddon({
      root: directory,
      environment: { ...environment, ADDON_SCRIPT_ID: 'existing-script-id-abcdefghij' },
      build,
      log: () => undefined,
    });
    expect(result).toMatchObject({ scriptId: 'existing-script-id-abcdefghij', created: false });
    expect(calls().map((call) => call.args[0])).not.toContain('create-script');
  });

  it('stops with a clear message when clasp is not logged in, before creating or pushing anything', async () => {
    await expect(
      deployAddon({ root: directory, environment: { ...environment, FAKE_CLASP_LOGGED_IN: 'no' }, build, log: () => undefined }),
    ).rejects.toThrow(/clasp is not logged in: run `npx clasp login`/);
    expect(calls().map((call) => call.args[0])).toEqual(['show-authorized-user']);
    expect(builds).toHaveLength(0);
  });

  it('refuses to deploy without ADDON_BACKEND_URL, and the build refuses a backend that is not https', async () => {
    const { ADDON_BACKEND_URL: _unused, ...withoutUrl } = environment;
    await expect(deployAddon({ root: directory, environment: withoutUrl, build, log: () => undefined })).rejects.toThrow(
      /Set ADDON_BACKEND_URL/,
    );
    await expect(
      deployAddon({
        root: directory,
        environment: { ...environment, ADDON_BACKEND_URL: 'http://backend.example.com' },
        log: () => undefined,
      }),
    ).rejects.toThrow(/must use https/);
  });
});
