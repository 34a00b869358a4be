// A faithful in-memory model of Apps Script's Document service, for the harness and the add-on's tests.
export { Body, FlowContainer, FooterSection, FootnoteSection, HeaderSection, Table, TableCell, TableRow } from './containers';
export { DocumentApp, type DocumentAppOptions } from './document-app';
export {
  documentFromSpec,
  documentPlainText,
  documentToSpec,
  type BlockSpec,
  type DocumentSpec,
  type RunSpec,
  type TabContentSpec,
  type TabSpec,
  type TextRunSpec,
} from './document-spec';
export { Attribute, ElementType, GlyphType, HorizontalAlignment, ParagraphHeading, TabType } from './enums';
export { FakeDocument } from './fake-document';
export { Footnote, ListItem, Paragraph, RangeElement, Text } from './paragraphs';
export { re2ToRegExp } from './re2-pattern';
export { renderDocumentHtml } from './render-document-html';
export { Menu, Ui, type RecordedMenu, type RecordedMenuItem, type ShownAlert, type ShownHtml, type UiOptions } from './ui';
export { stripCharactersDocsDrops } from './rich-text';
export { DocumentRoot, DocumentTab, Tab, type HeaderFooterVariant } from './tabs';
