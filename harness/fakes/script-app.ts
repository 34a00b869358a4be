/** ScriptApp.AuthMode: how much a trigger or add-on call may do. */
export const AuthMode = {
  NONE: 'NONE',
  CUSTOM_FUNCTION: 'CUSTOM_FUNCTION',
  LIMITED: 'LIMITED',
  FULL: 'FULL',
} as const;

export type AuthModeValue = (typeof AuthMode)[keyof typeof AuthMode];

export interface ScriptAppOptions {
  /**
   * The user's OpenID Connect identity token, or null when the openid scope was not granted. May be a
   * Promise: the runtime waits for it while the script stays blocked.
   */
  identityToken: () => string | null | Promise<string | null>;
  oauthToken?: () => string | Promise<string>;
  scriptId?: string;
}

export class ScriptApp {
  readonly AuthMode = AuthMode;
  readonly #options: ScriptAppOptions;

  constructor(options: ScriptAppOptions) {
    this.#options = options;
  }

  getIdentityToken(): string | null | Promise<string | null> {
    return this.#options.identityToken();
  }

  getOAuthToken(): string | Promise<string> {
    return this.#options.oauthToken?.() ?? 'harness-oauth-token';
  }

  getScriptId(): string {
    return this.#options.scriptId ?? 'harness-script-id';
  }
}
