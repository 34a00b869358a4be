/** Script property holding the backend's base URL (set once per deployment, see README). */
export const backendUrlProperty = 'BACKEND_URL';

export function backendUrl(): string {
  const url = PropertiesService.getScriptProperties().getProperty(backendUrlProperty);
  if (!url) {
    throw new Error(`The add-on is not set up: the script property ${backendUrlProperty} (the backend's URL) is missing.`);
  }
  return url;
}
