import { appsScriptException } from './apps-script-exception';
import type { Authorization } from './authorization';
import { ScriptTriggers, type TriggerContext, type Trigger, type TriggerBuilder } from './script-triggers';

/** ScriptApp.AuthMode: how much a trigger or add-on call may do. */
export const AuthMode = {
  NONE: 'NONE',
  CUSTOM_FUNCTION: 'CUSTOM_FUNCTION',
  LIMITED: 'LIMITED',
  FULL: 'FULL',
} as const;

export type AuthModeValue = (typeof AuthMode)[keyof typeof AuthMode];

export interface ScriptAppOptions {
  /** The execution's scopes; without it every scope counts as granted. */
  authorization?: Authorization;
  /** Called when the script asks for consent the user has not given (requireAllScopes, requireScopes). */
  onAuthorizationPrompt?: (missingScopes: string[]) => void;
  /**
   * The user's OpenID Connect identity token, or null when the openid scope was not granted. May be a
   * Promise: the runtime waits for it while the script stays blocked.
   */
  identityToken: () => string | null | Promise<string | null>;
  oauthToken?: () => string | Promise<string>;
  scriptId?: string;
  /** Where installable triggers are kept; without it the script can make none. */
  triggers?: TriggerContext;
}

export class ScriptApp {
  readonly AuthMode = AuthMode;
  readonly #options: ScriptAppOptions;

  constructor(options: ScriptAppOptions) {
    this.#options = options;
  }

  /** "Gets an OpenID Connect identity token for the effective user, if the openid scope has been granted" (ScriptApp reference): null otherwise. */
  getIdentityToken(): string | null | Promise<string | null> {
    if (this.#options.authorization && !this.#options.authorization.isGranted('openid')) return null;
    return this.#options.identityToken();
  }

  /**
   * "If any consents are missing, then this method ends the current execution and renders an authorization
   * prompt to request the missing scopes"
   * (https://developers.google.com/apps-script/reference/script/script-app#requireAllScopes(AuthMode)). The
   * harness records the prompt (the page shows it) and ends the execution with an exception.
   */
  requireAllScopes(authMode: string): void {
    this.#require(authMode, this.#options.authorization?.manifestScopes ?? []);
  }

  /** The same for the listed scopes only (ScriptApp.requireScopes). */
  requireScopes(authMode: string, oAuthScopes: string[]): void {
    if (!Array.isArray(oAuthScopes)) throw appsScriptException('Invalid argument: oAuthScopes');
    this.#require(authMode, oAuthScopes.map(String));
  }

  #require(authMode: string, scopes: readonly string[]): void {
    if (authMode !== AuthMode.FULL) throw appsScriptException('Invalid argument: authMode');
    const missing = this.#options.authorization?.missing(scopes) ?? [];
    if (missing.length === 0) return;
    this.#options.onAuthorizationPrompt?.(missing);
    throw appsScriptException('Authorization is required to perform that action.');
  }

  getOAuthToken(): string | Promise<string> {
    return this.#options.oauthToken?.() ?? 'harness-oauth-token';
  }

  newTrigger(functionName: unknown): TriggerBuilder {
    return this.#triggers().newTrigger(functionName);
  }

  getProjectTriggers(): Trigger[] {
    return this.#triggers().getProjectTriggers();
  }

  getUserTriggers(document: { getId(): string } | null | undefined): Trigger[] {
    return this.#triggers().getUserTriggers(document);
  }

  deleteTrigger(trigger: { getUniqueId(): string } | null | undefined): void {
    this.#triggers().deleteTrigger(trigger);
  }

  #triggers(): ScriptTriggers {
    if (!this.#options.triggers) throw appsScriptException('This harness execution has no trigger store.');
    return new ScriptTriggers(this.#options.triggers);
  }

  getScriptId(): string {
    return this.#options.scriptId ?? 'harness-script-id';
  }
}
