// Apps Script enums reach the script as plain objects of names; comparing with String(value) works on both.

export const ElementType = {
  DOCUMENT: 'DOCUMENT',
  BODY_SECTION: 'BODY_SECTION',
  HEADER_SECTION: 'HEADER_SECTION',
  FOOTER_SECTION: 'FOOTER_SECTION',
  FOOTNOTE_SECTION: 'FOOTNOTE_SECTION',
  PARAGRAPH: 'PARAGRAPH',
  LIST_ITEM: 'LIST_ITEM',
  TABLE: 'TABLE',
  TABLE_ROW: 'TABLE_ROW',
  TABLE_CELL: 'TABLE_CELL',
  TEXT: 'TEXT',
  FOOTNOTE: 'FOOTNOTE',
} as const;

export const ParagraphHeading = {
  NORMAL: 'NORMAL',
  HEADING1: 'HEADING1',
  HEADING2: 'HEADING2',
  HEADING3: 'HEADING3',
  HEADING4: 'HEADING4',
  HEADING5: 'HEADING5',
  HEADING6: 'HEADING6',
  TITLE: 'TITLE',
  SUBTITLE: 'SUBTITLE',
} as const;

/** https://developers.google.com/apps-script/reference/document/tab-type: a document tab is the only kind. */
export const TabType = { DOCUMENT_TAB: 'DOCUMENT_TAB' } as const;

export const HorizontalAlignment = { LEFT: 'LEFT', CENTER: 'CENTER', RIGHT: 'RIGHT', JUSTIFY: 'JUSTIFY' } as const;

export const GlyphType = {
  BULLET: 'BULLET',
  HOLLOW_BULLET: 'HOLLOW_BULLET',
  SQUARE_BULLET: 'SQUARE_BULLET',
  NUMBER: 'NUMBER',
  LATIN_UPPER: 'LATIN_UPPER',
  LATIN_LOWER: 'LATIN_LOWER',
  ROMAN_UPPER: 'ROMAN_UPPER',
  ROMAN_LOWER: 'ROMAN_LOWER',
} as const;

export const FontFamily = { ARIAL: 'Arial', GEORGIA: 'Georgia', TIMES_NEW_ROMAN: 'Times New Roman', VERDANA: 'Verdana' } as const;

/** The character attributes the fake keeps per character; element attributes (HEADING…) live on paragraphs. */
export const characterAttributes = [
  'BOLD',
  'ITALIC',
  'UNDERLINE',
  'STRIKETHROUGH',
  'FOREGROUND_COLOR',
  'BACKGROUND_COLOR',
  'FONT_FAMILY',
  'FONT_SIZE',
  'LINK_URL',
] as const;

export type CharacterAttribute = (typeof characterAttributes)[number];

export const Attribute = {
  ...Object.fromEntries(characterAttributes.map((name) => [name, name])),
  HEADING: 'HEADING',
  HORIZONTAL_ALIGNMENT: 'HORIZONTAL_ALIGNMENT',
  NESTING_LEVEL: 'NESTING_LEVEL',
  GLYPH_TYPE: 'GLYPH_TYPE',
  LIST_ID: 'LIST_ID',
} as Record<string, string>;

export type CharacterAttributes = Partial<Record<CharacterAttribute, string | number | boolean>>;
