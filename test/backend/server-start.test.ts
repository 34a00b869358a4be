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
});
