import type { AuthModeValue } from './script-app';

/**
 * What each Apps Script call the add-on makes needs, as Google documents it.
 *
 * Scopes: each method's reference page lists, under "Authorization", the scopes of which one is required
 * ("Scripts that use this method require authorization with one or more of the following scopes"), e.g.
 * DocumentApp.getActiveDocument (documents.currentonly or documents), DocumentApp.openById and create
 * (documents), DriveApp (drive.readonly or drive), UrlFetchApp.fetch (script.external_request), Ui's
 * showSidebar and dialogs (script.container.ui): https://developers.google.com/apps-script/reference/document/document-app,
 * https://developers.google.com/apps-script/reference/drive/drive-app,
 * https://developers.google.com/apps-script/reference/drive/file (makeCopy and setTrashed: drive only),
 * https://developers.google.com/apps-script/reference/spreadsheet/spreadsheet-app (openById, openByUrl:
 * spreadsheets), https://developers.google.com/apps-script/reference/script/script-app (newTrigger,
 * getProjectTriggers, getUserTriggers, deleteTrigger: script.scriptapp),
 * https://developers.google.com/apps-script/reference/url-fetch/url-fetch-app,
 * https://developers.google.com/apps-script/reference/base/ui. An explicit oauthScopes list in the manifest is
 * all the script gets (https://developers.google.com/apps-script/concepts/scopes#setting_explicit_scopes).
 *
 * Modes: AuthMode.NONE "does not allow access to any services that require authorization"; LIMITED "allows
 * access to a limited subset of services" (https://developers.google.com/apps-script/reference/script/auth-mode).
 * The Editor add-on authorization guide (https://developers.google.com/workspace/add-ons/concepts/editor-auth-lifecycle)
 * names what that subset is: the add-on's menu in every mode; the current document and properties from
 * LIMITED (the AuthMode page's own example reads properties only outside NONE); sidebars and dialogs, other
 * documents and external requests only in FULL. Where a page is silent about a call (Ui.alert, ScriptApp's
 * tokens, Session) the stricter rule is taken: FULL only.
 */
export interface CallRule {
  /** One of these must be in the manifest and granted; empty: no scope needed. */
  anyOf: readonly string[];
  /** The modes in which the call works at all. */
  modes: readonly AuthModeValue[];
}

export const SCOPES = {
  documents: 'https://www.googleapis.com/auth/documents',
  documentsCurrentOnly: 'https://www.googleapis.com/auth/documents.currentonly',
  drive: 'https://www.googleapis.com/auth/drive',
  driveReadonly: 'https://www.googleapis.com/auth/drive.readonly',
  containerUi: 'https://www.googleapis.com/auth/script.container.ui',
  externalRequest: 'https://www.googleapis.com/auth/script.external_request',
  spreadsheets: 'https://www.googleapis.com/auth/spreadsheets',
  scriptApp: 'https://www.googleapis.com/auth/script.scriptapp',
  openid: 'openid',
  email: 'https://www.googleapis.com/auth/userinfo.email',
} as const;

const everyMode: readonly AuthModeValue[] = ['NONE', 'LIMITED', 'FULL'];
const limitedOrFull: readonly AuthModeValue[] = ['LIMITED', 'FULL'];
const fullOnly: readonly AuthModeValue[] = ['FULL'];

const free = (modes: readonly AuthModeValue[]): CallRule => ({ anyOf: [], modes });
const needs = (anyOf: readonly string[], modes: readonly AuthModeValue[] = fullOnly): CallRule => ({ anyOf, modes });

/** Rules by service global and method; `*` is the rule for any other method of that service. */
export const callRules: Record<string, Record<string, CallRule>> = {
  DocumentApp: {
    getActiveDocument: needs([SCOPES.documentsCurrentOnly, SCOPES.documents], limitedOrFull),
    getUi: free(everyMode),
    openById: needs([SCOPES.documents]),
    openByUrl: needs([SCOPES.documents]),
    create: needs([SCOPES.documents]),
    '*': free(everyMode),
  },
  Ui: {
    createAddonMenu: free(everyMode),
    createMenu: free(everyMode),
    showSidebar: needs([SCOPES.containerUi]),
    showModalDialog: needs([SCOPES.containerUi]),
    showModelessDialog: needs([SCOPES.containerUi]),
    alert: needs([SCOPES.containerUi]),
    prompt: needs([SCOPES.containerUi]),
    '*': free(everyMode),
  },
  DriveApp: { '*': needs([SCOPES.driveReadonly, SCOPES.drive]) },
  // Methods of a Drive file the script holds: reading needs either Drive scope, changing it the full one.
  File: { makeCopy: needs([SCOPES.drive]), setTrashed: needs([SCOPES.drive]), '*': needs([SCOPES.driveReadonly, SCOPES.drive]) },
  SpreadsheetApp: { '*': needs([SCOPES.spreadsheets]) },
  UrlFetchApp: { '*': needs([SCOPES.externalRequest]) },
  PropertiesService: { '*': free(limitedOrFull) },
  ScriptApp: {
    newTrigger: needs([SCOPES.scriptApp]),
    getProjectTriggers: needs([SCOPES.scriptApp]),
    getUserTriggers: needs([SCOPES.scriptApp]),
    deleteTrigger: needs([SCOPES.scriptApp]),
    '*': free(fullOnly),
  },
  Session: { '*': needs([SCOPES.email]) },
  HtmlService: { '*': free(everyMode) },
  Utilities: { '*': free(everyMode) },
  Logger: { '*': free(everyMode) },
};
