/** Script property holding the backend's base URL, for builds made without one (the harness, local tries). */
export const backendUrlProperty = 'BACKEND_URL';

/**
 * The backend URL the build was made for (ADDON_BACKEND_URL at build time; esbuild writes it in), or '' for a
 * build without one. A versioned deployment may fetch only what the manifest's urlFetchWhitelist lists, and
 * the build writes that list from the same URL, so the two cannot disagree.
 */
declare const __ADDON_BACKEND_URL__: string;

export function backendUrl(): string {
  if (__ADDON_BACKEND_URL__) return __ADDON_BACKEND_URL__;
  const url = PropertiesService.getScriptProperties().getProperty(backendUrlProperty);
  if (!url) {
    throw new Error(
      `The add-on is not set up: it was built without ADDON_BACKEND_URL and the script property ${backendUrlProperty} (the backend's URL) is missing.`,
    );
  }
  return url;
}
