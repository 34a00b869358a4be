import { appsScriptException } from '../apps-script-exception';

export type RecordedMenuItem = { caption: string; functionName: string } | { separator: true } | { subMenu: RecordedMenu };

export interface RecordedMenu {
  title: string;
  items: RecordedMenuItem[];
}

export interface ShownHtml {
  kind: 'sidebar' | 'modal' | 'modeless';
  title: string;
  html: string;
  /** The size HtmlOutput.setWidth/setHeight asked for (null: not set); Docs ignores them for sidebars. */
  width: number | null;
  height: number | null;
}

export interface ShownAlert {
  title: string;
  message: string;
  buttons: string;
}

export interface UiOptions {
  onMenu?: (menu: RecordedMenu) => void;
  onShow?: (shown: ShownHtml) => void;
  onAlert?: (alert: ShownAlert) => void;
  /** The add-on's name, which Docs uses as the title of createAddonMenu(). */
  addonTitle?: string;
}

/** What HtmlService's HtmlOutput offers the Ui; the harness's fake HtmlOutput has both. */
interface HtmlOutputLike {
  getContent(): string;
  getTitle(): string;
  getWidth?(): number | null;
  getHeight?(): number | null;
}

export class Menu {
  readonly #title: string;
  readonly #items: RecordedMenuItem[] = [];
  readonly #onAdd: (menu: RecordedMenu) => void;

  constructor(title: string, onAdd: (menu: RecordedMenu) => void) {
    this.#title = title;
    this.#onAdd = onAdd;
  }

  addItem(caption: string, functionName: string): Menu {
    if (typeof functionName !== 'string' || functionName === '') throw appsScriptException('Invalid argument: functionName');
    this.#items.push({ caption: String(caption), functionName });
    return this;
  }

  addSeparator(): Menu {
    this.#items.push({ separator: true });
    return this;
  }

  addSubMenu(menu: Menu): Menu {
    this.#items.push({ subMenu: menu._record() });
    return this;
  }

  addToUi(): void {
    this.#onAdd(this._record());
  }

  _record(): RecordedMenu {
    return { title: this.#title, items: this.#items.map((item) => ('subMenu' in item ? { subMenu: item.subMenu } : { ...item })) };
  }
}

export const Button = { OK: 'OK', CANCEL: 'CANCEL', YES: 'YES', NO: 'NO', CLOSE: 'CLOSE' } as const;
export const ButtonSet = { OK: 'OK', OK_CANCEL: 'OK_CANCEL', YES_NO: 'YES_NO', YES_NO_CANCEL: 'YES_NO_CANCEL' } as const;

/** DocumentApp.getUi(): records menus and pages so the harness can show them beside the document. */
export class Ui {
  readonly Button = Button;
  readonly ButtonSet = ButtonSet;
  readonly #options: UiOptions;
  readonly #menus: RecordedMenu[] = [];
  readonly #alerts: string[] = [];

  constructor(options: UiOptions = {}) {
    this.#options = options;
  }

  createAddonMenu(): Menu {
    return new Menu(this.#options.addonTitle ?? 'AI Template Fill', (menu) => this.#addMenu(menu));
  }

  createMenu(caption: string): Menu {
    return new Menu(String(caption), (menu) => this.#addMenu(menu));
  }

  showSidebar(userInterface: HtmlOutputLike): void {
    this.#show('sidebar', userInterface, userInterface.getTitle());
  }

  showModalDialog(userInterface: HtmlOutputLike, title: string): void {
    this.#show('modal', userInterface, String(title));
  }

  showModelessDialog(userInterface: HtmlOutputLike, title: string): void {
    this.#show('modeless', userInterface, String(title));
  }

  /** The harness has no one to click; the alert is recorded and answered with OK. */
  alert(...args: unknown[]): string {
    const texts = args.filter((argument): argument is string => typeof argument === 'string');
    // alert(prompt), alert(prompt, buttons) or alert(title, prompt, buttons).
    const [title, message] =
      texts.length >= 2 && !((texts[1] ?? '') in ButtonSet) ? [texts[0] ?? '', texts[1] ?? ''] : ['', texts[0] ?? ''];
    const buttons = texts.find((text) => text in ButtonSet) ?? ButtonSet.OK;
    this.#alerts.push(texts.join(': '));
    this.#options.onAlert?.({ title, message, buttons });
    return Button.OK;
  }

  _menus(): RecordedMenu[] {
    return this.#menus;
  }

  _alerts(): string[] {
    return this.#alerts;
  }

  #addMenu(menu: RecordedMenu): void {
    this.#menus.push(menu);
    this.#options.onMenu?.(menu);
  }

  #show(kind: ShownHtml['kind'], userInterface: HtmlOutputLike, title: string): void {
    if (!userInterface || typeof userInterface.getContent !== 'function') throw appsScriptException('Invalid argument: userInterface');
    const size = (read: (() => number | null) | undefined) => (typeof read === 'function' ? read.call(userInterface) : null);
    this.#options.onShow?.({
      kind,
      title,
      html: userInterface.getContent(),
      width: size(userInterface.getWidth),
      height: size(userInterface.getHeight),
    });
  }
}
