import { existsSync, readFileSync } from 'node:fs';
import { join, relative, resolve } from 'node:path';
import { appsScriptException, invalidArgument } from './apps-script-exception';
import { Blob } from './blob';

export const SandboxMode = { EMULATED: 'EMULATED', IFRAME: 'IFRAME', NATIVE: 'NATIVE' } as const;
export const XFrameOptionsMode = { ALLOWALL: 'ALLOWALL', DEFAULT: 'DEFAULT' } as const;

// HtmlOutput.addMetaTag: "Only the following meta tags are allowed".
const ALLOWED_META_TAGS = new Set(['apple-mobile-web-app-capable', 'google-site-verification', 'mobile-web-app-capable', 'viewport']);

export class HtmlOutputMetaTag {
  readonly #name: string;
  readonly #content: string;

  constructor(name: string, content: string) {
    this.#name = name;
    this.#content = content;
  }

  getName(): string {
    return this.#name;
  }

  getContent(): string {
    return this.#content;
  }
}

function escapeHtml(text: string): string {
  return text.replace(/[&<>"']/g, (character) => `&#${character.charCodeAt(0)};`);
}

export class HtmlOutput {
  #content: string;
  #title = '';
  #width: number | null = null;
  #height: number | null = null;
  #faviconUrl: string | null = null;
  #sandboxMode: string = SandboxMode.IFRAME;
  #xFrameOptionsMode: string = XFrameOptionsMode.DEFAULT;
  readonly #metaTags: HtmlOutputMetaTag[] = [];

  constructor(content = '') {
    this.#content = content;
  }

  getContent(): string {
    return this.#content;
  }

  setContent(content: string): HtmlOutput {
    this.#content = String(content);
    return this;
  }

  append(addedContent: string): HtmlOutput {
    this.#content += String(addedContent);
    return this;
  }

  /** Appends text that must not become markup. */
  appendUntrusted(addedContent: string): HtmlOutput {
    this.#content += escapeHtml(String(addedContent));
    return this;
  }

  clear(): HtmlOutput {
    this.#content = '';
    return this;
  }

  getTitle(): string {
    return this.#title;
  }

  setTitle(title: string): HtmlOutput {
    this.#title = String(title);
    return this;
  }

  /** The initial size of a dialog (sidebars have a fixed width); null until set. */
  getWidth(): number | null {
    return this.#width;
  }

  setWidth(width: number): HtmlOutput {
    this.#width = Math.trunc(Number(width));
    return this;
  }

  getHeight(): number | null {
    return this.#height;
  }

  setHeight(height: number): HtmlOutput {
    this.#height = Math.trunc(Number(height));
    return this;
  }

  getFaviconUrl(): string | null {
    return this.#faviconUrl;
  }

  setFaviconUrl(iconUrl: string): HtmlOutput {
    this.#faviconUrl = String(iconUrl);
    return this;
  }

  /** Apps Script now always uses IFRAME; the value is kept only so the harness can show it. */
  setSandboxMode(mode: string): HtmlOutput {
    this.#sandboxMode = mode;
    return this;
  }

  setXFrameOptionsMode(mode: string): HtmlOutput {
    this.#xFrameOptionsMode = mode;
    return this;
  }

  // Static, so these harness-only readers are not methods the script could call.
  static sandboxModeOf(output: HtmlOutput): string {
    return output.#sandboxMode;
  }

  static xFrameOptionsModeOf(output: HtmlOutput): string {
    return output.#xFrameOptionsMode;
  }

  addMetaTag(name: string, content: string): HtmlOutput {
    if (!ALLOWED_META_TAGS.has(name)) throw invalidArgument('name');
    this.#metaTags.push(new HtmlOutputMetaTag(name, String(content)));
    return this;
  }

  getMetaTags(): HtmlOutputMetaTag[] {
    return [...this.#metaTags];
  }

  getBlob(): Blob {
    return new Blob(Buffer.from(this.#content, 'utf8'), 'text/html', this.#title || null);
  }
}

export interface HtmlServiceOptions {
  /** Where the project's .html files are: the build output. */
  htmlDirectory?: string;
}

export class HtmlService {
  readonly SandboxMode = SandboxMode;
  readonly XFrameOptionsMode = XFrameOptionsMode;
  readonly #htmlDirectory: string;

  constructor(options: HtmlServiceOptions = {}) {
    this.#htmlDirectory = resolve(options.htmlDirectory ?? join(process.cwd(), 'dist', 'addon'));
  }

  createHtmlOutput(html: string | Blob = ''): HtmlOutput {
    return new HtmlOutput(html instanceof Blob ? html.getDataAsString() : String(html));
  }

  /** A project file "Sidebar" is Sidebar.html; the name is given without the extension. */
  createHtmlOutputFromFile(filename: string): HtmlOutput {
    const name = String(filename);
    const candidates = [`${name}.html`];
    if (name.endsWith('.html')) candidates.push(name);
    const file = candidates
      .map((candidate) => resolve(this.#htmlDirectory, candidate))
      .find((candidate) => !relative(this.#htmlDirectory, candidate).startsWith('..') && existsSync(candidate));
    if (!file) throw appsScriptException(`No HTML file named ${name} was found.`);
    return new HtmlOutput(readFileSync(file, 'utf8'));
  }
}
