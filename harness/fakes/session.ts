import { createHash } from 'node:crypto';

/** A user as Session returns it; getEmail is "" when Apps Script may not reveal the address. */
export class User {
  readonly #email: string;

  constructor(email: string) {
    this.#email = email;
  }

  getEmail(): string {
    return this.#email;
  }

  toString(): string {
    return this.#email;
  }
}

export interface SessionOptions {
  activeUserEmail: () => string;
  /** The user the script runs as; for an add-on, the active user. */
  effectiveUserEmail?: () => string;
  scriptTimeZone?: string;
  locale?: string;
  scriptId?: string;
}

export class Session {
  readonly #options: SessionOptions;

  constructor(options: SessionOptions) {
    this.#options = options;
  }

  getActiveUser(): User {
    return new User(this.#options.activeUserEmail());
  }

  getEffectiveUser(): User {
    return new User((this.#options.effectiveUserEmail ?? this.#options.activeUserEmail)());
  }

  /** Stable per user and script, and reveals nothing about the user. */
  getTemporaryActiveUserKey(): string {
    return createHash('sha256')
      .update(`${this.#options.scriptId ?? 'harness-script-id'}\u0000${this.#options.activeUserEmail()}`)
      .digest('base64url')
      .slice(0, 43);
  }

  getScriptTimeZone(): string {
    return this.#options.scriptTimeZone ?? 'Etc/UTC';
  }

  getActiveUserLocale(): string {
    return this.#options.locale ?? 'en';
  }
}
