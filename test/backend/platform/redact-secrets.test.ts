import { Writable } from 'node:stream';
import { createLogger } from '../../../backend/src/platform/logger';
import { registerProviderSecretShapes } from '../../../backend/src/ai/providers/create-provider-registry';
import { redactText, redactValue, serialiseErrorRedacted } from '../../../backend/src/platform/redact-secrets';
import type * as RedactSecrets from '../../../backend/src/platform/redact-secrets';

describe('the redaction layer', () => {
  // What the server does when it creates its provider adapters: each provider's key shape joins the redaction.
  beforeAll(() => registerProviderSecretShapes());

  it.each([
    [
      'an OpenAI error quoting a masked key',
      'Incorrect API key provided: sk-proj-abcd************wxyz. You can find your API key at …',
      'sk-proj-abcd',
    ],
    ['an Anthropic key', 'invalid x-api-key sk-ant-api03-Zx9yW8vU7tS6rQ5pO4nM', 'sk-ant-api03'],
    [
      'a Gemini key in a URL',
      'GET https://generativelanguage.googleapis.com/v1beta/models?key=AIzaSyA1234567890abcdefghijklmno failed',
      'AIzaSy',
    ],
    ['a bearer token', 'authorization: Bearer ya29.a0AfH6SMBx1234567890', 'ya29.'],
    ['a JWT', 'token eyJhbGciOiJSUzI1NiJ9.eyJzdWIiOiIxMjM0NTY3ODkwIn0.c2lnbmF0dXJlc2lnbmF0dXJl', 'eyJhbGci'],
    ['a key assignment', 'config apiKey="local-secret-value-42"', 'local-secret'],
    ['an SMTP_URL password', 'connect smtp://alerts:Sm7pCanary%2Fpw@smtp.example.com:587 failed', 'Sm7pCanary'],
    ['an smtps URL password of any shape', 'SMTP_URL=smtps://a@b.example:x!9$Q@relay.example:465', 'x!9$Q'],
    ['a HubSpot private-app token', 'HubSpot refused pat-eu1-1f2e3d4c-5b6a-4789-9abc-def012345678 (portal 42)', '1f2e3d4c-5b6a'],
  ])('removes %s', (_case, text, secretPart) => {
    const cleaned = redactText(text);
    expect(cleaned).not.toContain(secretPart);
    expect(cleaned).toContain('[redacted]');
  });

  it('keeps the user name and host of a URL with a password', () => {
    expect(redactText('smtp://alerts:Sm7pCanary@smtp.example.com:587')).toBe('smtp://alerts:[redacted]@smtp.example.com:587');
    expect(redactText('see https://example.com:8443/path and smtp://relay.example:25')).toBe(
      'see https://example.com:8443/path and smtp://relay.example:25',
    );
  });

  it('knows no provider key shape until the providers register theirs', () => {
    jest.isolateModules(() => {
      const fresh = jest.requireActual<typeof RedactSecrets>('../../../backend/src/platform/redact-secrets');
      expect(fresh.redactText('AIzaSyD0123456789abcdefghijklmnop')).toBe('AIzaSyD0123456789abcdefghijklmnop');
      fresh.registerSecretShapes([/\bAIza[0-9A-Za-z_-]{20,}/]);
      expect(fresh.redactText('AIzaSyD0123456789abcdefghijklmnop')).toBe('[redacted]');
    });
  });

  it('leaves ordinary text alone', () => {
    const text = 'The key point of the proposal: Acme saves 20% on tokens.';
    expect(redactText(text)).toBe(text);
  });

  it('redacts inside nested values and error causes without touching the originals', () => {
    const value = { detail: { messages: ['Bearer abcdefghijklmnop'] }, count: 3 };
    expect(redactValue(value)).toEqual({ detail: { messages: ['Bearer [redacted]'] }, count: 3 });
    expect(value.detail.messages[0]).toBe('Bearer abcdefghijklmnop');
    const error = new Error('request failed', { cause: new Error('401 Incorrect API key provided: sk-canary-0123456789abcdef') });
    expect(JSON.stringify(serialiseErrorRedacted(error))).not.toContain('sk-canary');
  });

  it('keeps secrets out of every line the logger writes, messages, fields and errors alike', () => {
    const lines: string[] = [];
    const logger = createLogger({
      level: 'info',
      destination: new Writable({
        write(chunk: Buffer, _encoding, done) {
          lines.push(chunk.toString());
          done();
        },
      }),
    });
    const canary = 'sk-canary-4f1d2c3b4a5968778899';
    logger.info({ apiKey: canary }, 'with a key field');
    logger.info({ detail: `provider said: Incorrect API key provided: ${canary}` }, 'with a key in text');
    logger.error({ err: new Error(`failed with ${canary}`, { cause: { message: canary } }) }, 'an SDK error');
    logger.warn(`message quoting ${canary}`);
    expect(lines).toHaveLength(4);
    for (const line of lines) expect(line).not.toContain('4f1d2c3b4a5968778899');
  });

  it('logs an error with its type, message, stack, code and cause, under any field name', () => {
    const lines: string[] = [];
    const logger = createLogger({
      level: 'info',
      destination: new Writable({
        write(chunk: Buffer, _encoding, done) {
          lines.push(chunk.toString());
          done();
        },
      }),
    });
    const failure = Object.assign(new TypeError('Firestore unavailable', { cause: new Error('14 UNAVAILABLE: connection refused') }), {
      code: 14,
    });
    logger.warn({ err: failure }, 'sweep failed');
    logger.warn({ failure }, 'as another field');

    const [withErr, withOther] = lines.map(
      (line) =>
        JSON.parse(line) as Record<string, { type: string; message: string; stack: string; code: number; cause: { message: string } }>,
    );
    for (const logged of [withErr?.err, withOther?.failure]) {
      expect(logged).toMatchObject({
        type: 'TypeError',
        message: 'Firestore unavailable',
        code: 14,
        cause: { message: '14 UNAVAILABLE: connection refused' },
      });
      expect(logged?.stack).toContain('TypeError: Firestore unavailable');
    }
  });
});
