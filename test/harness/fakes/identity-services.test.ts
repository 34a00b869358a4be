import { Logger } from '../../../harness/fakes/logger';
import { ScriptApp } from '../../../harness/fakes/script-app';
import { Session } from '../../../harness/fakes/session';

describe('ScriptApp', () => {
  test('getIdentityToken comes from the harness, and may be null as without the openid scope', async () => {
    expect(new ScriptApp({ identityToken: () => 'dev-token' }).getIdentityToken()).toBe('dev-token');
    expect(new ScriptApp({ identityToken: () => null }).getIdentityToken()).toBeNull();
    await expect(new ScriptApp({ identityToken: async () => 'minted' }).getIdentityToken()).resolves.toBe('minted');
  });

  test('AuthMode is an enum of names; getScriptId and getOAuthToken answer', () => {
    const app = new ScriptApp({ identityToken: () => null, scriptId: 'abc', oauthToken: () => 'ya29.x' });
    expect(app.AuthMode).toEqual({ NONE: 'NONE', CUSTOM_FUNCTION: 'CUSTOM_FUNCTION', LIMITED: 'LIMITED', FULL: 'FULL' });
    expect([app.getScriptId(), app.getOAuthToken()]).toEqual(['abc', 'ya29.x']);
  });
});

describe('Session', () => {
  let email = 'ann@example.com';
  const session = new Session({ activeUserEmail: () => email, scriptTimeZone: 'Europe/Paris' });

  test('active and effective users report the current e-mail', () => {
    email = 'ann@example.com';
    expect(session.getActiveUser().getEmail()).toBe('ann@example.com');
    expect(session.getEffectiveUser().getEmail()).toBe('ann@example.com');
    expect(session.getScriptTimeZone()).toBe('Europe/Paris');
  });

  test('the temporary user key is stable per user and does not reveal the e-mail', () => {
    email = 'ann@example.com';
    const annKey = session.getTemporaryActiveUserKey();
    expect(session.getTemporaryActiveUserKey()).toBe(annKey);
    expect(annKey).not.toContain('ann');
    email = 'bob@example.com';
    expect(session.getTemporaryActiveUserKey()).not.toBe(annKey);
  });
});

describe('Logger', () => {
  test('log formats its arguments, getLog returns the execution’s messages, clear empties it', () => {
    const forwarded: string[] = [];
    const logger = new Logger({ onLog: (message) => forwarded.push(message) });
    logger.log('plain').log('%s has %d tags', 'doc', 3).log({ a: 1 });
    expect(logger.getLog()).toBe('plain\ndoc has 3 tags\n{"a":1}');
    expect(forwarded).toEqual(['plain', 'doc has 3 tags', '{"a":1}']);
    logger.clear();
    expect(logger.getLog()).toBe('');
  });
});
