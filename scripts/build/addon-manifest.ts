/**
 * The manifest `clasp push` uploads, generated from `appsscript.json` and the backend URL the add-on is built
 * for. A versioned deployment may fetch only URLs its `urlFetchWhitelist` lists, and every entry must be an
 * HTTPS prefix ending in a path ("at least /"):
 * https://developers.google.com/apps-script/manifest/allowlist-url (manifest field `urlFetchWhitelist`).
 */

export interface ManifestOptions {
  /** Where the add-on sends its requests; undefined when the build is for the harness with no fixed backend. */
  backendUrl?: string;
  /**
   * The harness build may name a loopback backend over http (no TLS on a laptop); a build for Google never may,
   * because Apps Script refuses allowlist prefixes that are not https.
   */
  allowLoopbackHttp?: boolean;
}

export interface AppsScriptManifest {
  oauthScopes?: string[];
  urlFetchWhitelist?: string[];
  [field: string]: unknown;
}

const loopbackHosts = new Set(['localhost', '127.0.0.1', '[::1]']);

/** The backend's URL, checked: https (or loopback http for the harness), no credentials, query or fragment. */
export function checkedBackendUrl(raw: string, options: Pick<ManifestOptions, 'allowLoopbackHttp'> = {}): URL {
  let url: URL;
  try {
    url = new URL(raw);
  } catch {
    throw new Error(`ADDON_BACKEND_URL is not a URL: ${JSON.stringify(raw)}`);
  }
  const loopback = loopbackHosts.has(url.hostname);
  if (url.protocol !== 'https:' && !(url.protocol === 'http:' && loopback && options.allowLoopbackHttp)) {
    throw new Error(
      `ADDON_BACKEND_URL must use https (${url.origin} does not): Apps Script accepts only https prefixes in urlFetchWhitelist. ` +
        'Plain http is allowed only for a loopback backend in the harness build (--harness).',
    );
  }
  if (url.username || url.password || url.search || url.hash) {
    throw new Error('ADDON_BACKEND_URL must be an origin and optional path, without credentials, query or fragment.');
  }
  return url;
}

/**
 * The allowlist entry for the backend: its origin and path, ending in "/" so `https://api.example.com` cannot
 * also match `https://api.example.com.attacker.net` (prefixes are matched as text).
 */
export function allowlistPrefix(url: URL): string {
  const path = url.pathname.endsWith('/') ? url.pathname : `${url.pathname}/`;
  return `${url.origin}${path}`;
}

/** The built manifest: the source manifest plus the backend's allowlist entry, when a backend is configured. */
export function buildManifest(source: AppsScriptManifest, options: ManifestOptions): AppsScriptManifest {
  const manifest: AppsScriptManifest = { ...source };
  delete manifest.urlFetchWhitelist;
  if (options.backendUrl === undefined) return manifest;
  const url = checkedBackendUrl(options.backendUrl, options);
  return { ...manifest, urlFetchWhitelist: [allowlistPrefix(url)] };
}

/** The URL baked into Code.js: without a trailing slash, as the backend client joins paths with "/v1/…". */
export function bundledBackendUrl(url: URL): string {
  return `${url.origin}${url.pathname}`.replace(/\/+$/, '');
}
