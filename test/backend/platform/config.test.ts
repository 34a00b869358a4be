import { ConfigError, loadConfig } from '../../../backend/src/platform/config';

describe('configuration', () => {
  it('has working defaults for local development', () => {
    const config = loadConfig({ AUTH_MODE: 'development' });
    expect(config).toMatchObject({ NODE_ENV: 'development', PORT: 8080, AUTH_MODE: 'development', AI_REQUEST_TIMEOUT_MS: 30000 });
  });

  it('names the variable that is wrong', () => {
    expect(() => loadConfig({ AUTH_MODE: 'development', PORT: 'eighty' })).toThrow(/PORT/);
    expect(() => loadConfig({ AUTH_MODE: 'development', OPENAI_BASE_URL: 'not a url' })).toThrow(/OPENAI_BASE_URL/);
    expect(() => loadConfig({ AUTH_MODE: 'development', AI_REQUEST_TIMEOUT_MS: '90000' })).toThrow(/AI_REQUEST_TIMEOUT_MS/);
  });

  it('refuses development auth in production', () => {
    let thrown: unknown;
    try {
      loadConfig({ NODE_ENV: 'production', AUTH_MODE: 'development', KEY_ENCRYPTION_KEYS: `kek-1:${Buffer.alloc(32, 7).toString('base64')}` });
    } catch (error) {
      thrown = error;
    }
    expect(thrown).toBeInstanceOf(ConfigError);
    expect((thrown as ConfigError).problems).toEqual([expect.stringMatching(/^AUTH_MODE: development auth .* refused when NODE_ENV=production/)]);
  });

  it('requires a key-encryption key in production and checks its shape without quoting it', () => {
    const production = { NODE_ENV: 'production', GOOGLE_OAUTH_AUDIENCES: 'a.apps.googleusercontent.com' };
    expect(() => loadConfig(production)).toThrow(/KEY_ENCRYPTION_KEYS/);
    const tooShort = 'kek-1:c2hvcnQtc2VjcmV0LXZhbHVl';
    expect(() => loadConfig({ ...production, KEY_ENCRYPTION_KEYS: tooShort })).toThrow(/KEY_ENCRYPTION_KEYS/);
    expect(() => loadConfig({ ...production, KEY_ENCRYPTION_KEYS: tooShort })).not.toThrow(/c2hvcnQtc2VjcmV0LXZhbHVl/);
    expect(loadConfig({ ...production, KMS_KEY_NAME: 'projects/p/locations/global/keyRings/r/cryptoKeys/k' }).KMS_KEY_NAME).toContain('cryptoKeys/k');
  });

  it('requires the OAuth audience when verifying Google tokens', () => {
    expect(() => loadConfig({ AUTH_MODE: 'google' })).toThrow(/GOOGLE_OAUTH_AUDIENCES/);
    expect(loadConfig({ AUTH_MODE: 'google', GOOGLE_OAUTH_AUDIENCES: 'a.apps.googleusercontent.com, b.apps.googleusercontent.com' }).GOOGLE_OAUTH_AUDIENCES).toEqual([
      'a.apps.googleusercontent.com',
      'b.apps.googleusercontent.com',
    ]);
  });
});
