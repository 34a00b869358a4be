import { appsScriptException } from './apps-script-exception';
import { callRules, type CallRule } from './scope-rules';
import type { AuthModeValue } from './script-app';

export interface AuthorizationOptions {
  /** The manifest's oauthScopes: all a script can ever be granted. */
  manifestScopes: readonly string[];
  /**
   * What the user granted. Under granular consent a user may untick scopes
   * (https://developers.google.com/apps-script/concepts/scopes#granular-consent); default: all of the manifest.
   */
  grantedScopes?: ReadonlySet<string>;
  authMode: AuthModeValue;
}

/** One execution's authorization: its mode, and the scopes the manifest asks for and the user granted. */
export class Authorization {
  readonly manifestScopes: readonly string[];
  readonly grantedScopes: ReadonlySet<string>;
  readonly authMode: AuthModeValue;

  constructor(options: AuthorizationOptions) {
    this.manifestScopes = options.manifestScopes;
    this.grantedScopes = new Set(
      [...(options.grantedScopes ?? options.manifestScopes)].filter((scope) => options.manifestScopes.includes(scope)),
    );
    this.authMode = options.authMode;
  }

  /** Manifest scopes (or the given ones) the user has not granted. */
  missing(scopes: readonly string[] = this.manifestScopes): string[] {
    return scopes.filter((scope) => !this.grantedScopes.has(scope));
  }

  isGranted(scope: string): boolean {
    return this.grantedScopes.has(scope);
  }

  /** Throws what Apps Script throws when `service.method` is not allowed in this execution. */
  check(service: string, method: string): void {
    const rules = callRules[service];
    const rule: CallRule | undefined = rules?.[method] ?? rules?.['*'];
    if (!rule) return;
    const call = `${service}.${method}`;
    if (!rule.modes.includes(this.authMode)) {
      // The reference gives no message text for this case; the call fails, as AuthMode's page says.
      throw appsScriptException(
        `You do not have permission to call ${call} in AuthMode.${this.authMode}: it needs authorization (AuthMode.${rule.modes.join(' or AuthMode.')}).`,
      );
    }
    if (rule.anyOf.length === 0) return;
    if (!rule.anyOf.some((scope) => this.manifestScopes.includes(scope))) {
      throw appsScriptException(
        `Specified permissions are not sufficient to call ${call}. Required permissions: ${rule.anyOf.join(' || ')}`,
      );
    }
    if (!rule.anyOf.some((scope) => this.grantedScopes.has(scope))) {
      throw appsScriptException(`You do not have permission to call ${call}. Required permissions: ${rule.anyOf.join(' || ')}`);
    }
  }
}

/**
 * The service as the script sees it: every method first passes `authorization.check`. Methods run on the real
 * object (fakes keep state in private fields), and the proxy keeps the fake's class and methods for the runtime.
 */
export function guardService<Service extends object>(service: Service, name: string, authorization: Authorization): Service {
  return new Proxy(service, {
    get(target, property) {
      const value = Reflect.get(target, property, target);
      if (typeof value !== 'function' || typeof property !== 'string' || property === 'constructor' || property.startsWith('_'))
        return value;
      return (...args: unknown[]) => {
        authorization.check(name, property);
        return (value as (...callArgs: unknown[]) => unknown).apply(target, args);
      };
    },
  });
}
