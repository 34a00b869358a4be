/**
 * The time-driven trigger that keeps bulk runs going while no sidebar is open. Editor add-ons may run a
 * time-driven trigger at most once per hour and have one trigger of each type per user per document
 * (https://developers.google.com/workspace/add-ons/concepts/editor-triggers#restrictions); a script has at most
 * 20 triggers per user (https://developers.google.com/apps-script/guides/services/quotas). So the add-on keeps
 * one hourly trigger per user, whichever document it was made in: the worker it calls serves all of the user's
 * runs. ScriptApp's trigger methods require the script.scriptapp scope.
 */

/** The global the trigger calls (main.ts exposes it). */
export const backgroundWorkerFunction = 'workOnRunsInBackground';

function backgroundTriggers(): GoogleAppsScript.Script.Trigger[] {
  return ScriptApp.getProjectTriggers().filter((trigger) => trigger.getHandlerFunction() === backgroundWorkerFunction);
}

export function hasBackgroundTrigger(): boolean {
  return backgroundTriggers().length > 0;
}

/** Installs the hourly trigger unless this user already has one. */
export function installBackgroundTrigger(): void {
  if (hasBackgroundTrigger()) return;
  ScriptApp.newTrigger(backgroundWorkerFunction).timeBased().everyHours(1).create();
}

export function removeBackgroundTrigger(): void {
  for (const trigger of backgroundTriggers()) ScriptApp.deleteTrigger(trigger);
}
