import { randomBytes } from 'node:crypto';
import { existsSync, readFileSync } from 'node:fs';
import path from 'node:path';
import { createDevelopmentToken } from '../../backend/src/auth/development-token';
import type { ExecutionInfo } from '../apps-script-runtime';
import { Authorization, guardService } from '../fakes/authorization';
import { DocumentApp, documentFromSpec, Ui } from '../fakes/document-service';
import { DriveApp } from '../fakes/drive-app';
import { HtmlService } from '../fakes/html-service';
import { Logger } from '../fakes/logger';
import { PropertiesService } from '../fakes/properties-service';
import { AuthMode, ScriptApp, type AuthModeValue } from '../fakes/script-app';
import { Session } from '../fakes/session';
import { SpreadsheetApp } from '../fakes/spreadsheet-app';
import { UrlFetchApp, type RecordedHttpExchange } from '../fakes/url-fetch-app';
import { Utilities } from '../fakes/utilities';
import type { HarnessWorkspace } from './harness-workspace';

export interface ServiceOptions {
  workspace: HarnessWorkspace;
  /** The build output holding sidebar.html, the other pages and appsscript.json. */
  htmlDirectory: string;
  /** Every request the add-on sends through UrlFetchApp, for tests and for the harness log. */
  requestLog?: RecordedHttpExchange[];
  onLog?: (message: string) => void;
  /** Which function runs, with which arguments: a trigger's event names its AuthMode. */
  execution?: ExecutionInfo;
  /**
   * A versioned deployment (what the Marketplace installs) enforces urlFetchWhitelist and requires it; a test
   * deployment (default) enforces it only when the manifest has one
   * (https://developers.google.com/apps-script/manifest/allowlist-url).
   */
  deployment?: 'test' | 'versioned';
}

interface BuiltManifest {
  oauthScopes?: string[];
  urlFetchWhitelist?: string[];
}

function readManifest(directory: string): BuiltManifest {
  const file = path.join(directory, 'appsscript.json');
  return existsSync(file) ? (JSON.parse(readFileSync(file, 'utf8')) as BuiltManifest) : {};
}

/**
 * The AuthMode Apps Script runs a function in: onOpen gets the mode from its event (NONE when the add-on is
 * installed but not yet used in this document, LIMITED once it is); everything a person starts (menu items,
 * google.script.run, onInstall) runs in FULL (https://developers.google.com/apps-script/reference/script/auth-mode).
 */
function authModeOf(execution: ExecutionInfo | undefined): AuthModeValue {
  if (execution?.functionName !== 'onOpen') return AuthMode.FULL;
  const mode = (execution.args[0] as { authMode?: unknown } | undefined)?.authMode;
  return mode === AuthMode.NONE || mode === AuthMode.LIMITED || mode === AuthMode.FULL ? mode : AuthMode.NONE;
}

/** A time-driven trigger's event object carries its triggerUid (https://developers.google.com/apps-script/guides/triggers/events#time-driven_events). */
function isTimeDrivenTrigger(execution: ExecutionInfo | undefined): boolean {
  const event = execution?.args[0] as { triggerUid?: unknown } | undefined;
  return typeof event?.triggerUid === 'string';
}

/**
 * The Apps Script globals for one execution. State that Apps Script keeps between executions (document,
 * properties, what is on screen) lives in the workspace; everything else is new each time, as in Apps Script.
 * Every service checks each call against the manifest's scopes, the user's grants and the AuthMode.
 */
export function createServices(options: ServiceOptions): Record<string, object> {
  const { workspace } = options;
  const manifest = readManifest(options.htmlDirectory);
  const authorization = new Authorization({
    // A build without an explicit list would get the scopes Apps Script detects; the add-on always has one.
    manifestScopes: manifest.oauthScopes ?? [],
    grantedScopes: workspace.grantedScopes ? new Set(workspace.grantedScopes) : undefined,
    authMode: authModeOf(options.execution),
  });
  const guard = <Service extends object>(service: Service, name: string) => guardService(service, name, authorization);
  const ui = guard(
    new Ui({
      onMenu: (menu) => workspace.recordMenu(menu),
      onShow: (shown) => {
        if (shown.kind === 'sidebar') workspace.showSidebar(shown.title, shown.html);
        else workspace.showDialog(shown.title, shown.html, { width: shown.width, height: shown.height });
      },
      onAlert: (alert) => workspace.recordAlert(alert),
    }),
    'Ui',
  );
  return {
    DocumentApp: guard(
      new DocumentApp({
        activeDocument: () => workspace.document,
        ui,
        documents: (id) => workspace.findDocument(id),
        createDocument: (name) => {
          // A new Google Doc: a Drive file id of 44 URL-safe characters and one empty paragraph.
          const document = documentFromSpec({ id: randomBytes(33).toString('base64url'), name, body: [{ type: 'paragraph', runs: [] }] });
          workspace.addDocument(document);
          return document;
        },
      }),
      'DocumentApp',
    ),
    DriveApp: guard(
      new DriveApp({
        findDocument: (id) => workspace.findDocument(id),
        addDocument: (document) => workspace.addDocument(document),
        findFolder: (id) => workspace.findFolder(id),
        checkFileCall: (method) => authorization.check('File', method),
        trashed: workspace.trashedFiles,
      }),
      'DriveApp',
    ),
    UrlFetchApp: guard(
      new UrlFetchApp({
        requestLog: options.requestLog,
        allowlist: { prefixes: manifest.urlFetchWhitelist, versionedDeployment: options.deployment === 'versioned' },
      }),
      'UrlFetchApp',
    ),
    PropertiesService: guard(
      new PropertiesService({
        stores: workspace.propertyStores,
        currentUser: () => workspace.user.email,
        currentDocumentId: () => workspace.document.getId(),
      }),
      'PropertiesService',
    ),
    // Stands in for the Google-signed OpenID token; the backend accepts it only with AUTH_MODE=development.
    ScriptApp: guard(
      new ScriptApp({
        identityToken: () => createDevelopmentToken(workspace.user),
        authorization,
        onAuthorizationPrompt: (missing) => workspace.recordAuthorizationPrompt(missing),
        triggers: {
          store: workspace.triggers,
          user: () => workspace.user.email,
          // A time-driven trigger's execution has no open document; everything else runs in the open one.
          documentId: () => (isTimeDrivenTrigger(options.execution) ? null : workspace.document.getId()),
        },
      }),
      'ScriptApp',
    ),
    SpreadsheetApp: guard(new SpreadsheetApp({ findSpreadsheet: (id) => workspace.findSpreadsheet(id) }), 'SpreadsheetApp'),
    Session: guard(new Session({ activeUserEmail: () => workspace.user.email }), 'Session'),
    HtmlService: guard(new HtmlService({ htmlDirectory: options.htmlDirectory }), 'HtmlService'),
    Utilities: new Utilities(),
    Logger: new Logger({ onLog: options.onLog }),
  };
}
