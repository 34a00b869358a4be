import { randomUUID } from 'node:crypto';
import { appsScriptException, invalidArgument } from './apps-script-exception';

/**
 * Installable time-driven triggers of an Editor add-on, as ScriptApp makes them
 * (https://developers.google.com/apps-script/reference/script/script-app#newTrigger(String),
 * https://developers.google.com/apps-script/reference/script/clock-trigger-builder), with the limits Google
 * documents and this fake enforces:
 * - "Time-driven triggers cannot run more frequently than once per hour" and "Each add-on can only have one
 *   trigger of each type, per user, per document" (Triggers for Editor add-ons, Restrictions:
 *   https://developers.google.com/workspace/add-ons/concepts/editor-triggers#restrictions; also "an add-on can
 *   use a time-driven trigger once per hour at most", https://developers.google.com/apps-script/guides/triggers/installable).
 * - 20 triggers per user per script (https://developers.google.com/apps-script/guides/services/quotas).
 * - everyHours takes 1, 2, 4, 6, 8 or 12, everyMinutes 1, 5, 10, 15 or 30 (ClockTriggerBuilder reference).
 * Apps Script's message for the 20-trigger limit is the one it shows; the pages give no wording for the two
 * add-on restrictions, so the harness writes its own, naming the rule.
 */

export interface InstalledTrigger {
  uniqueId: string;
  handlerFunction: string;
  /** The user who made it: triggers run as, and are listed for, their creator. */
  user: string;
  /** The document the add-on was used in when it was made (the "per document" of the add-on rule). */
  documentId: string;
  everyHours: number;
}

export const MAXIMUM_TRIGGERS_PER_USER = 20;

/** Kept by the workspace between executions. */
export class TriggerStore {
  readonly #triggers: InstalledTrigger[] = [];

  get installed(): readonly InstalledTrigger[] {
    return [...this.#triggers];
  }

  forUser(user: string): InstalledTrigger[] {
    return this.#triggers.filter((trigger) => trigger.user === user);
  }

  add(trigger: InstalledTrigger): void {
    this.#triggers.push(trigger);
  }

  remove(uniqueId: string): boolean {
    const index = this.#triggers.findIndex((trigger) => trigger.uniqueId === uniqueId);
    if (index < 0) return false;
    this.#triggers.splice(index, 1);
    return true;
  }
}

export interface TriggerContext {
  store: TriggerStore;
  user: () => string;
  /** The document the add-on runs in; null in an execution with no document (a time-driven trigger). */
  documentId: () => string | null;
}

/** A trigger as the script holds it (https://developers.google.com/apps-script/reference/script/trigger). */
export class Trigger {
  readonly #trigger: InstalledTrigger;

  constructor(trigger: InstalledTrigger) {
    this.#trigger = trigger;
  }

  getUniqueId(): string {
    return this.#trigger.uniqueId;
  }

  getHandlerFunction(): string {
    return this.#trigger.handlerFunction;
  }

  getEventType(): string {
    return 'CLOCK';
  }

  getTriggerSource(): string {
    return 'CLOCK';
  }

  getTriggerSourceId(): string | null {
    return null;
  }
}

const hourIntervals = new Set([1, 2, 4, 6, 8, 12]);
const minuteIntervals = new Set([1, 5, 10, 15, 30]);

export class ClockTriggerBuilder {
  readonly #context: TriggerContext;
  readonly #handlerFunction: string;
  #everyHours: number | undefined;
  #everyMinutes: number | undefined;

  constructor(context: TriggerContext, handlerFunction: string) {
    this.#context = context;
    this.#handlerFunction = handlerFunction;
  }

  everyHours(n: unknown): ClockTriggerBuilder {
    if (typeof n !== 'number' || !hourIntervals.has(n)) throw invalidArgument('n');
    this.#everyHours = n;
    return this;
  }

  everyMinutes(n: unknown): ClockTriggerBuilder {
    if (typeof n !== 'number' || !minuteIntervals.has(n)) throw invalidArgument('n');
    this.#everyMinutes = n;
    return this;
  }

  create(): Trigger {
    const { store } = this.#context;
    const user = this.#context.user();
    if (this.#everyMinutes !== undefined)
      throw appsScriptException(
        `An add-on's time-driven trigger cannot run more frequently than once per hour (everyMinutes(${this.#everyMinutes}) asked for more).`,
      );
    if (this.#everyHours === undefined)
      throw appsScriptException('A time-driven trigger needs a schedule: call everyHours(n) before create().');
    const documentId = this.#context.documentId();
    if (documentId === null) throw appsScriptException('An add-on can only create a trigger from a document it is used in.');
    const mine = store.forUser(user);
    if (mine.length >= MAXIMUM_TRIGGERS_PER_USER)
      throw appsScriptException('This script has too many triggers. Triggers must be deleted from the script before more can be added.');
    if (mine.some((trigger) => trigger.documentId === documentId))
      throw appsScriptException('An add-on can only have one time-driven trigger per user per document; this document already has one.');
    const installed: InstalledTrigger = {
      uniqueId: randomUUID(),
      handlerFunction: this.#handlerFunction,
      user,
      documentId,
      everyHours: this.#everyHours,
    };
    store.add(installed);
    return new Trigger(installed);
  }
}

export class TriggerBuilder {
  readonly #context: TriggerContext;
  readonly #handlerFunction: string;

  constructor(context: TriggerContext, handlerFunction: string) {
    this.#context = context;
    this.#handlerFunction = handlerFunction;
  }

  timeBased(): ClockTriggerBuilder {
    return new ClockTriggerBuilder(this.#context, this.#handlerFunction);
  }
}

/** The trigger methods of ScriptApp; ScriptApp itself delegates to these. */
export class ScriptTriggers {
  readonly #context: TriggerContext;

  constructor(context: TriggerContext) {
    this.#context = context;
  }

  newTrigger(functionName: unknown): TriggerBuilder {
    if (typeof functionName !== 'string' || functionName === '') throw invalidArgument('functionName');
    return new TriggerBuilder(this.#context, functionName);
  }

  /** "Gets all installable triggers associated with the current project and current user." */
  getProjectTriggers(): Trigger[] {
    return this.#context.store.forUser(this.#context.user()).map((trigger) => new Trigger(trigger));
  }

  /** "Gets all installable triggers owned by this user in the given document, for this script or add-on only." */
  getUserTriggers(document: { getId(): string } | null | undefined): Trigger[] {
    if (!document || typeof document.getId !== 'function') throw invalidArgument('document');
    const documentId = document.getId();
    return this.getProjectTriggers().filter((trigger) => this.#installed(trigger.getUniqueId())?.documentId === documentId);
  }

  /** Removes the trigger; one already gone is not an error in Apps Script either. */
  deleteTrigger(trigger: { getUniqueId(): string } | null | undefined): void {
    if (!trigger || typeof trigger.getUniqueId !== 'function') throw invalidArgument('trigger');
    const installed = this.#installed(trigger.getUniqueId());
    if (installed && installed.user === this.#context.user()) this.#context.store.remove(installed.uniqueId);
  }

  #installed(uniqueId: string): InstalledTrigger | undefined {
    return this.#context.store.installed.find((trigger) => trigger.uniqueId === uniqueId);
  }
}
