import {
  documentFromSpec,
  documentToSpec,
  type BlockSpec,
  type DocumentSpec,
  type FakeDocument,
  type RecordedMenu,
  type ShownAlert,
} from '../fakes/document-service';
import type { DriveFolderState } from '../fakes/drive-app';
import { PropertyStores } from '../fakes/properties-service';
import { TriggerStore } from '../fakes/script-triggers';
import { FakeSpreadsheet, type SpreadsheetSpec } from '../fakes/spreadsheet-app';

export interface HarnessUser {
  sub: string;
  email: string;
  /** The Workspace domain; without it the user is an organisation of one. */
  hd?: string;
}

export interface ShownPage {
  title: string;
  html: string;
  /** The size the add-on asked for (HtmlOutput.setWidth/setHeight); null when it set none. */
  width: number | null;
  height: number | null;
  /** Bumped whenever the add-on shows the page again, so the harness page reloads its frame. */
  version: number;
}

/**
 * Everything that outlives one Apps Script execution: the open document, the property stores, and what the
 * add-on put on screen (menus, sidebar, dialog). Executions read and change it through the service fakes.
 */
export class HarnessWorkspace {
  readonly propertyStores = new PropertyStores();
  readonly user: HarnessUser;
  #document: FakeDocument;
  /** Documents the add-on made (fill into a copy), by id. */
  readonly #copies = new Map<string, FakeDocument>();
  #documentVersion = 1;
  #menus: RecordedMenu[] = [];
  #sidebar: ShownPage | undefined;
  #dialog: ShownPage | undefined;
  #pageVersion = 0;
  readonly #template: () => DocumentSpec;
  /**
   * The scopes the user granted, or undefined for every scope of the manifest. Under granular consent a user
   * may untick some (https://developers.google.com/apps-script/concepts/scopes#granular-consent).
   */
  grantedScopes: string[] | undefined;
  /** Each authorization prompt requireAllScopes/requireScopes showed: the scopes it asked for. */
  readonly authorizationPrompts: string[][] = [];
  /** Every Ui.alert the add-on showed, newest last. */
  readonly alerts: ShownAlert[] = [];
  /** The user's installable triggers (ScriptApp.newTrigger). */
  readonly triggers = new TriggerStore();
  /** Spreadsheets the user can open, by id (bulk runs read rows from them and write links back). */
  readonly #spreadsheets = new Map<string, FakeSpreadsheet>();
  /** The user's Drive folders, by id, each with the ids of the files in it. */
  readonly #folders = new Map<string, DriveFolderState>();
  /** Drive files moved to the trash. */
  readonly trashedFiles = new Set<string>();

  constructor(options: { template: () => DocumentSpec; user: HarnessUser }) {
    this.#template = options.template;
    this.user = options.user;
    this.#document = documentFromSpec(this.#template());
  }

  get document(): FakeDocument {
    return this.#document;
  }

  get copies(): readonly FakeDocument[] {
    return [...this.#copies.values()];
  }

  /** The open document or a copy made earlier, as Drive and DocumentApp.openById would find them. */
  findDocument(id: string): FakeDocument | undefined {
    return id === this.#document.getId() ? this.#document : this.#copies.get(id);
  }

  addDocument(document: FakeDocument): void {
    this.#copies.set(document.getId(), document);
  }

  addSpreadsheet(spec: SpreadsheetSpec): FakeSpreadsheet {
    const spreadsheet = new FakeSpreadsheet(spec);
    this.#spreadsheets.set(spec.id, spreadsheet);
    return spreadsheet;
  }

  findSpreadsheet(id: string): FakeSpreadsheet | undefined {
    return this.#spreadsheets.get(id);
  }

  addFolder(id: string, name: string): DriveFolderState {
    const folder = { id, name, fileIds: [] };
    this.#folders.set(id, folder);
    return folder;
  }

  findFolder(id: string): DriveFolderState | undefined {
    return this.#folders.get(id);
  }

  /** The documents in a folder that are not in the trash. */
  documentsInFolder(id: string): FakeDocument[] {
    return (this.#folders.get(id)?.fileIds ?? [])
      .filter((fileId) => !this.trashedFiles.has(fileId))
      .flatMap((fileId) => this.findDocument(fileId) ?? []);
  }

  get documentVersion(): number {
    return this.#documentVersion;
  }

  get menus(): readonly RecordedMenu[] {
    return this.#menus;
  }

  get sidebar(): ShownPage | undefined {
    return this.#sidebar;
  }

  get dialog(): ShownPage | undefined {
    return this.#dialog;
  }

  /** Any execution may have edited the document; the page re-renders when the version moves. */
  markDocumentTouched(): void {
    this.#documentVersion += 1;
  }

  /** Menus are rebuilt by every onOpen, as in Docs: the last call's menu replaces the earlier one. */
  recordMenu(menu: RecordedMenu): void {
    this.#menus = [...this.#menus.filter((existing) => existing.title !== menu.title), menu];
  }

  showSidebar(title: string, html: string): void {
    this.#pageVersion += 1;
    // Docs shows every sidebar 300 px wide, whatever width was asked for (Ui.showSidebar reference).
    this.#sidebar = { title, html, width: 300, height: null, version: this.#pageVersion };
  }

  showDialog(title: string, html: string, size: { width: number | null; height: number | null } = { width: null, height: null }): void {
    this.#pageVersion += 1;
    this.#dialog = { title, html, ...size, version: this.#pageVersion };
  }

  recordAlert(alert: ShownAlert): void {
    this.alerts.push(alert);
  }

  recordAuthorizationPrompt(scopes: string[]): void {
    this.authorizationPrompts.push(scopes);
  }

  closeDialog(): void {
    this.#dialog = undefined;
  }

  /** Opens another document (a file the developer loaded): a new id, so nothing saved for the last one applies. */
  openDocument(spec: DocumentSpec): void {
    this.propertyStores.document(this.#document.getId()).clear();
    this.#document = documentFromSpec(spec);
    this.#copies.clear();
    this.#documentVersion += 1;
  }

  /** The open document with a new body, as a person typing in Docs: same id, header, footer and saved prompts. */
  replaceBody(body: BlockSpec[]): void {
    this.#document = documentFromSpec({ ...documentToSpec(this.#document), body });
    this.#documentVersion += 1;
  }

  /** A fresh copy of the template, with its document properties (saved prompts) cleared; the sidebar stays. */
  resetDocument(): void {
    const previousId = this.#document.getId();
    this.propertyStores.document(previousId).clear();
    this.#document = documentFromSpec(this.#template());
    this.propertyStores.document(this.#document.getId()).clear();
    this.#copies.clear();
    this.#documentVersion += 1;
  }
}
