/**
 * Characters Docs removes from any text it is given: "Some control characters (U+0000-U+0008,
 * U+000C-U+001F) and characters from the Unicode Basic Multilingual Plane Private Use Area (U+E000-U+F8FF)
 * will be stripped out of the inserted text"
 * (https://developers.google.com/docs/api/reference/rest/v1/documents/request#inserttextrequest).
 * They are taken out before any offset is computed: otherwise every offset after one of them points past
 * the text Docs really kept, and the rest of the paragraph comes out garbled. Tab (U+0009), line feed
 * (U+000A) and vertical tab (U+000B) are kept, as Docs keeps them.
 */
const droppedByDocs = /[\u0000-\u0008\u000c-\u001f\ue000-\uf8ff]/g;

export function withoutCharactersDocsDrops(text: string): string {
  return text.replace(droppedByDocs, '');
}

/** The same, keeping carriage returns long enough for line endings to be normalised first. */
export function normalisedForDocs(text: string): string {
  return withoutCharactersDocsDrops(text.replace(/\r\n?/g, '\n'));
}
