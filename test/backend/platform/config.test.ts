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

  it("reads each provider's variables into the server-wide connections, in the registry's order", () => {
    const config = loadConfig({
      AUTH_MODE: 'development',
      OPENAI_API_KEY: 'sk-config-openai',
      OPENAI_BASE_URL: 'http://127.0.0.1:11434/v1',
      OPENAI_DEFAULT_MODEL: 'llama3.1',
      OPENAI_DEFAULT_MODEL_PRICES: '0, 0, 0',
      GEMINI_API_KEY: 'gemini-config-key',
    });
    expect(config.serverConnections).toEqual([
      {
        // A base URL makes the server-wide OpenAI key one for an OpenAI-compatible endpoint.
        provider: 'openai-compatible',
        apiKey: 'sk-config-openai',
        baseUrl: 'http://127.0.0.1:11434/v1',
        defaultModel: 'llama3.1',
        defaultModelPrices: { input: 0, cachedInput: 0, output: 0 },
      },
      { provider: 'anthropic', apiKey: undefined, baseUrl: undefined, defaultModel: 'claude-haiku-5-5' },
      { provider: 'gemini', apiKey: 'gemini-config-key', baseUrl: undefined, defaultModel: 'gemini-3.5-flash-lite' },
    ]);
    expect(() => loadConfig({ AUTH_MODE: 'development', OPENAI_DEFAULT_MODEL_PRICES: 'free' })).toThrow(/OPENAI_DEFAULT_MODEL_PRICES/);
  });

  it('reads SMTP_URL and ALERT_EMAIL_FROM, and never quotes the SMTP password in its errors', () => {
    expect(loadConfig({ AUTH_MODE: 'development' })).toMatchObject({ ALERT_EMAIL_FROM: 'AI Template Fill <alerts@localhost>' });
    expect(loadConfig({ AUTH_MODE: 'development' }).SMTP_URL).toBeUndefined();
    const configured = loadConfig({
      AUTH_MODE: 'development',
      SMTP_URL: 'smtps://alerts:pw@smtp.example.com:465',
      ALERT_EMAIL_FROM: 'alerts@example.com',
    });
    expect(configured).toMatchObject({ SMTP_URL: 'smtps://alerts:pw@smtp.example.com:465', ALERT_EMAIL_FROM: 'alerts@example.com' });
    const password = 'Sm7pCanaryPassword42';
    for (const [value, hint] of [
      [`https://alerts:${password}@smtp.example.com`, 'scheme must be smtp://'],
      [`smtp://alerts:${password}@smtp.example.com:587/path`, 'no path'],
      [`smtp://alerts:${password}@smtp.example.com:587?secure=false`, 'no ?query'],
      [`smtp://alerts:${password}@smtp.example.com:99999`, 'smtp://user:password@host:587'],
      [`alerts:${password} at smtp.example.com`, 'scheme must be smtp://'],
      [`smtp://alerts:${password}@`, 'smtp://user:password@host:587'],
    ] as const) {
      let thrown: unknown;
      try {
        loadConfig({ AUTH_MODE: 'development', SMTP_URL: value });
      } catch (error) {
        thrown = error;
      }
      expect(thrown).toBeInstanceOf(ConfigError);
      expect((thrown as ConfigError).problems).toEqual([expect.stringContaining(hint)]);
      expect((thrown as ConfigError).message).toMatch(/^Invalid configuration:\n {2}- SMTP_URL: /);
      expect((thrown as ConfigError).message).not.toContain(password);
    }
    expect(() => loadConfig({ AUTH_MODE: 'development', ALERT_EMAIL_FROM: 'Alerts <alerts@example.com>\r\nBcc: x@evil.example' })).toThrow(
      /ALERT_EMAIL_FROM/,
    );
    expect(() => loadConfig({ AUTH_MODE: 'development', ALERT_EMAIL_FROM: 'not an address' })).toThrow(/ALERT_EMAIL_FROM/);
  });

  it('refuses development auth in production', () => {
    let thrown: unknown;
    try {
      loadConfig({
        NODE_ENV: 'production',
        AUTH_MODE: 'development',
        GOOGLE_CLOUD_PROJECT: 'acme-prod',
        KEY_ENCRYPTION_KEYS: `kek-1:${Buffer.alloc(32, 7).toString('base64')}`,
      });
    } catch (error) {
      thrown = error;
    }
    expect(thrown).toBeInstanceOf(ConfigError);
    expect((thrown as ConfigError).problems).toEqual([
      expect.stringMatching(/^AUTH_MODE: development auth .* refused when NODE_ENV=production/),
    ]);
  });

  it('requires a key-encryption key in production and checks its shape without quoting it', () => {
    const production = {
      NODE_ENV: 'production',
      GOOGLE_OAUTH_AUDIENCES: 'a.apps.googleusercontent.com',
      GOOGLE_CLOUD_PROJECT: 'acme-prod',
    };
    expect(() => loadConfig(production)).toThrow(/KEY_ENCRYPTION_KEYS/);
    const tooShort = 'kek-1:c2hvcnQtc2VjcmV0LXZhbHVl';
    expect(() => loadConfig({ ...production, KEY_ENCRYPTION_KEYS: tooShort })).toThrow(/KEY_ENCRYPTION_KEYS/);
    expect(() => loadConfig({ ...production, KEY_ENCRYPTION_KEYS: tooShort })).not.toThrow(/c2hvcnQtc2VjcmV0LXZhbHVl/);
    expect(loadConfig({ ...production, KMS_KEY_NAME: 'projects/p/locations/global/keyRings/r/cryptoKeys/k' }).KMS_KEY_NAME).toContain(
      'cryptoKeys/k',
    );
  });

  it('refuses to run production on the embedded in-memory Firestore or an emulator, naming what to set', () => {
    const production = {
      NODE_ENV: 'production',
      GOOGLE_OAUTH_AUDIENCES: 'a.apps.googleusercontent.com',
      KEY_ENCRYPTION_KEYS: `kek-1:${Buffer.alloc(32, 7).toString('base64')}`,
    };
    expect(() => loadConfig(production)).toThrow(/GOOGLE_CLOUD_PROJECT: production keeps its data in Firestore: set GOOGLE_CLOUD_PROJECT/);
    expect(() => loadConfig({ ...production, GOOGLE_CLOUD_PROJECT: 'acme-prod', FIRESTORE_EMULATOR_HOST: '127.0.0.1:8787' })).toThrow(
      /FIRESTORE_EMULATOR_HOST: an emulator/,
    );
    expect(loadConfig({ ...production, GOOGLE_CLOUD_PROJECT: 'acme-prod' }).GOOGLE_CLOUD_PROJECT).toBe('acme-prod');
    // Outside production the embedded emulator is the default.
    expect(loadConfig({ AUTH_MODE: 'development' }).GOOGLE_CLOUD_PROJECT).toBeUndefined();
  });

  it('requires the OAuth audience when verifying Google tokens', () => {
    expect(() => loadConfig({ AUTH_MODE: 'google' })).toThrow(/GOOGLE_OAUTH_AUDIENCES/);
    expect(
      loadConfig({ AUTH_MODE: 'google', GOOGLE_OAUTH_AUDIENCES: 'a.apps.googleusercontent.com, b.apps.googleusercontent.com' })
        .GOOGLE_OAUTH_AUDIENCES,
    ).toEqual(['a.apps.googleusercontent.com', 'b.apps.googleusercontent.com']);
  });
});
