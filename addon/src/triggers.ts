import { addMenu, showHelpDialog, showSidebarPage } from './gas/ui';

/** Simple triggers and menu handlers. */

export function onOpen(_event?: GoogleAppsScript.Events.DocsOnOpen): void {
  addMenu();
}

/** Runs when the add-on is installed into a document that is already open, so the menu appears at once. */
export function onInstall(event?: GoogleAppsScript.Events.AddonOnInstall): void {
  onOpen(event as unknown as GoogleAppsScript.Events.DocsOnOpen);
}

export function showSidebar(): void {
  showSidebarPage();
}

export function showHelp(): void {
  showHelpDialog();
}
