import { createDevelopmentToken } from '../../backend/src/auth/development-token';
import { DocumentApp, Ui } from '../fakes/document-service';
import { DriveApp } from '../fakes/drive-app';
import { HtmlService } from '../fakes/html-service';
import { Logger } from '../fakes/logger';
import { PropertiesService } from '../fakes/properties-service';
import { ScriptApp } from '../fakes/script-app';
import { Session } from '../fakes/session';
import { UrlFetchApp, type RecordedHttpExchange } from '../fakes/url-fetch-app';
import { Utilities } from '../fakes/utilities';
import type { HarnessWorkspace } from './harness-workspace';

export interface ServiceOptions {
  workspace: HarnessWorkspace;
  /** The build output holding sidebar.html and the other pages. */
  htmlDirectory: string;
  /** Every request the add-on sends through UrlFetchApp, for tests and for the harness log. */
  requestLog?: RecordedHttpExchange[];
  onLog?: (message: string) => void;
}

/**
 * The Apps Script globals for one execution. State that Apps Script keeps between executions (document,
 * properties, what is on screen) lives in the workspace; everything else is new each time, as in Apps Script.
 */
export function createServices(options: ServiceOptions): Record<string, object> {
  const { workspace } = options;
  const ui = new Ui({
    onMenu: (menu) => workspace.recordMenu(menu),
    onShow: (shown) => {
      if (shown.kind === 'sidebar') workspace.showSidebar(shown.title, shown.html);
      else workspace.showDialog(shown.title, shown.html);
    },
  });
  return {
    DocumentApp: new DocumentApp({ activeDocument: () => workspace.document, ui, documents: (id) => workspace.findDocument(id) }),
    DriveApp: new DriveApp({ findDocument: (id) => workspace.findDocument(id), addDocument: (document) => workspace.addDocument(document) }),
    UrlFetchApp: new UrlFetchApp({ requestLog: options.requestLog }),
    PropertiesService: new PropertiesService({
      stores: workspace.propertyStores,
      currentUser: () => workspace.user.email,
      currentDocumentId: () => workspace.document.getId(),
    }),
    // Stands in for the Google-signed OpenID token; the backend accepts it only with AUTH_MODE=development.
    ScriptApp: new ScriptApp({ identityToken: () => createDevelopmentToken(workspace.user) }),
    Session: new Session({ activeUserEmail: () => workspace.user.email }),
    HtmlService: new HtmlService({ htmlDirectory: options.htmlDirectory }),
    Utilities: new Utilities(),
    Logger: new Logger({ onLog: options.onLog }),
  };
}
