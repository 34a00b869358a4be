/**
 * Ids from what a person pastes: a Google Sheets or Drive URL, or the bare id. Drive ids are URL-safe base64
 * characters; the backend checks the rest.
 */
const bareId = /^[A-Za-z0-9_-]{10,200}$/;
const spreadsheetUrl = /^https:\/\/docs\.google\.com\/spreadsheets\/d\/([A-Za-z0-9_-]+)/;
const folderUrl = /^https:\/\/drive\.google\.com\/drive\/(?:u\/\d+\/)?folders\/([A-Za-z0-9_-]+)/;

function idFrom(text: string, url: RegExp): string | null {
  const trimmed = text.trim();
  if (bareId.test(trimmed)) return trimmed;
  return url.exec(trimmed)?.[1] ?? null;
}

export function spreadsheetIdOf(text: string): string | null {
  return idFrom(text, spreadsheetUrl);
}

export function folderIdOf(text: string): string | null {
  return idFrom(text, folderUrl);
}
