/**
 * What the user typed in the sidebar, kept between sessions: prompts travel with the document (document
 * properties), field values belong to the user for this document (user properties).
 */
const promptsKey = 'prompts';

function fieldValuesKey(documentId: string): string {
  return `fieldValues:${documentId}`;
}

function readJson(properties: GoogleAppsScript.Properties.Properties, key: string): Record<string, string> {
  const raw = properties.getProperty(key);
  if (!raw) return {};
  try {
    const parsed: unknown = JSON.parse(raw);
    return parsed && typeof parsed === 'object' ? (parsed as Record<string, string>) : {};
  } catch {
    return {};
  }
}

export function loadPrompts(): Record<string, string> {
  return readJson(PropertiesService.getDocumentProperties(), promptsKey);
}

export function savePrompts(prompts: Record<string, string>): void {
  PropertiesService.getDocumentProperties().setProperty(promptsKey, JSON.stringify(prompts));
}

export function loadFieldValues(documentId: string): Record<string, string> {
  return readJson(PropertiesService.getUserProperties(), fieldValuesKey(documentId));
}

export function saveFieldValues(documentId: string, values: Record<string, string>): void {
  PropertiesService.getUserProperties().setProperty(fieldValuesKey(documentId), JSON.stringify(values));
}
