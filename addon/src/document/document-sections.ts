type Document = GoogleAppsScript.Document.Document;
type Element = GoogleAppsScript.Document.Element;

/** What a section is for a writer: footnotes cannot take list items or tables. */
export type SectionKind = 'body' | 'header' | 'footer' | 'footnote';

export interface SectionContainer {
  getNumChildren(): number;
  getChild(childIndex: number): Element;
}

export interface DocumentSection {
  container: SectionContainer;
  kind: SectionKind;
  /** Where a person finds it: "Body", "Header", "Footnote 2"; prefixed with the tab title in a tabbed document. */
  label: string;
  /** The title of the tab holding it. */
  tab: string;
  /** For a header or footer: a first-page or even-page one rather than the default. */
  pageVariant?: boolean;
}

/** The part of Document and DocumentTab this reads: a tab's body, header, footer and footnotes. */
interface TabContent {
  getBody(): GoogleAppsScript.Document.Body;
  getHeader(): GoogleAppsScript.Document.HeaderSection | null;
  getFooter(): GoogleAppsScript.Document.FooterSection | null;
  getFootnotes(): GoogleAppsScript.Document.Footnote[] | null;
}

/**
 * Every section of every tab, tabs in the order Docs lists them (each tab, then its child tabs).
 *
 * Document.getBody() and friends reach only the active or first tab
 * (https://developers.google.com/apps-script/reference/document/document); the other tabs are reached through
 * getTabs(), Tab.getChildTabs() and Tab.asDocumentTab() (https://developers.google.com/apps-script/guides/docs/tabs).
 * A runtime without tabs (getTabs missing) is read as one tab through the document itself.
 */
export function documentSections(document: Document): DocumentSection[] {
  const tabs = typeof document.getTabs === 'function' ? flattenTabs(document.getTabs()) : [];
  if (tabs.length === 0) return tabSections(document as unknown as TabContent, 'Tab 1', '');
  const prefixed = tabs.length > 1;
  return tabs.flatMap((tab) =>
    tabSections(tab.asDocumentTab() as unknown as TabContent, tab.getTitle(), prefixed ? `${tab.getTitle()} › ` : ''),
  );
}

function flattenTabs(tabs: readonly GoogleAppsScript.Document.Tab[]): GoogleAppsScript.Document.Tab[] {
  return tabs.flatMap((tab) => [tab, ...flattenTabs(tab.getChildTabs())]);
}

function tabSections(content: TabContent, tab: string, prefix: string): DocumentSection[] {
  const body = content.getBody();
  const sections: DocumentSection[] = [{ container: body, kind: 'body', label: `${prefix}Body`, tab }];
  sections.push(...headersAndFooters(content, body, tab, prefix));
  (content.getFootnotes() ?? []).forEach((footnote, index) => {
    const contents = footnote.getFootnoteContents();
    if (contents) sections.push({ container: contents, kind: 'footnote', label: `${prefix}Footnote ${index + 1}`, tab });
  });
  return sections;
}

/**
 * The default header and footer, and the first-page and even-page ones.
 *
 * The reference documents only the default ones (DocumentTab.getHeader/getFooter,
 * https://developers.google.com/apps-script/reference/document/document-tab) and no method for the others.
 * They are children of the tab's root element (ElementType.DOCUMENT, "the root of the document",
 * https://developers.google.com/apps-script/reference/document/element-type), which is the body's parent:
 * every HEADER_SECTION and FOOTER_SECTION child is taken from there, in whatever order it comes. Which one is
 * the first-page and which the even-page variant Apps Script does not say, so only the default one is named
 * as such. Without that root, only the default header and footer are reachable.
 */
function headersAndFooters(content: TabContent, body: GoogleAppsScript.Document.Body, tab: string, prefix: string): DocumentSection[] {
  const root = body.getParent() as unknown as (SectionContainer & { getType(): unknown; getChildIndex(child: Element): number }) | null;
  if (!root || String(root.getType()) !== 'DOCUMENT') {
    const sections: DocumentSection[] = [];
    const header = content.getHeader();
    if (header) sections.push({ container: header, kind: 'header', label: `${prefix}Header`, tab });
    const footer = content.getFooter();
    if (footer) sections.push({ container: footer, kind: 'footer', label: `${prefix}Footer`, tab });
    return sections;
  }
  const defaultHeader = childIndexIn(root, content.getHeader());
  const defaultFooter = childIndexIn(root, content.getFooter());
  const headers: DocumentSection[] = [];
  const footers: DocumentSection[] = [];
  let otherHeaders = 0;
  let otherFooters = 0;
  for (let index = 0; index < root.getNumChildren(); index += 1) {
    const child = root.getChild(index);
    const type = String(child.getType());
    if (type === 'HEADER_SECTION') {
      const label =
        index === defaultHeader ? 'Header' : `First-page or even-page header${(otherHeaders += 1) > 1 ? ` ${otherHeaders}` : ''}`;
      headers.push({
        container: child.asHeaderSection(),
        kind: 'header',
        label: `${prefix}${label}`,
        tab,
        pageVariant: index !== defaultHeader,
      });
    } else if (type === 'FOOTER_SECTION') {
      const label =
        index === defaultFooter ? 'Footer' : `First-page or even-page footer${(otherFooters += 1) > 1 ? ` ${otherFooters}` : ''}`;
      footers.push({
        container: child.asFooterSection(),
        kind: 'footer',
        label: `${prefix}${label}`,
        tab,
        pageVariant: index !== defaultFooter,
      });
    }
  }
  return [...headers, ...footers];
}

function childIndexIn(root: { getChildIndex(child: Element): number }, section: Element | null): number {
  if (!section) return -1;
  try {
    return root.getChildIndex(section);
  } catch {
    return -1;
  }
}
