import { spawnSync } from 'node:child_process';
import path from 'node:path';

const root = path.resolve(__dirname, '../..');

describe('the server entry', () => {
  it('refuses to start in production with development auth and names the variable', () => {
    const result = spawnSync(process.execPath, [path.join(root, 'node_modules/tsx/dist/cli.mjs'), 'backend/src/server.ts'], {
      cwd: root,
      env: { PATH: process.env.PATH, NODE_ENV: 'production', AUTH_MODE: 'development' },
      encoding: 'utf8',
      timeout: 20000,
    });
    expect(result.status).toBe(78);
    expect(result.stderr).toMatch(/AUTH_MODE: development auth accepts unsigned tokens and is refused when NODE_ENV=production/);
  });

  it('refuses to start in production without a Google Cloud project, instead of on the in-memory emulator', () => {
    const result = spawnSync(process.execPath, [path.join(root, 'node_modules/tsx/dist/cli.mjs'), 'backend/src/server.ts'], {
      cwd: root,
      env: {
        PATH: process.env.PATH,
        NODE_ENV: 'production',
        GOOGLE_OAUTH_AUDIENCES: 'client.apps.googleusercontent.com',
        KEY_ENCRYPTION_KEYS: `kek-1:${Buffer.alloc(32, 7).toString('base64')}`,
      },
      encoding: 'utf8',
      timeout: 20000,
    });
    expect(result.status).toBe(78);
    expect(result.stderr).toMatch(/GOOGLE_CLOUD_PROJECT: production keeps its data in Firestore/);
    expect(result.stdout + result.stderr).not.toMatch(/embedded Firestore emulator/);
  });
});
