import { appsScriptException } from './apps-script-exception';

/**
 * The manifest's urlFetchWhitelist, as https://developers.google.com/apps-script/manifest/allowlist-url
 * describes it: "script projects can't access URLs that have not been added to the allowlist"; the field "is
 * optional when you install a test deployment, but is required when you create a versioned deployment"; each
 * prefix must use https, have a full domain and a non-empty path, and may start with one wildcard ("*.")
 * for subdomains. The page does not say how a refused fetch reads; the message below is the harness's.
 *
 * The harness runs its backend on a loopback address over http (no TLS on a laptop), so a harness build may
 * list `http://127.0.0.1:<port>/` or `http://localhost:<port>/`; nothing else over http passes.
 */
export interface UrlFetchAllowlistOptions {
  /** The manifest's urlFetchWhitelist; undefined when the manifest has none. */
  prefixes?: readonly string[];
  /** A versioned deployment (what the Marketplace installs) rather than a test deployment. */
  versionedDeployment: boolean;
}

const loopbackHttp = /^http:\/\/(127\.0\.0\.1|localhost|\[::1\])(:\d+)?\//;

function prefixProblem(prefix: string): string | undefined {
  let url: URL;
  try {
    url = new URL(prefix);
  } catch {
    return 'is not a valid URL';
  }
  if (url.protocol !== 'https:' && !loopbackHttp.test(prefix)) return 'does not use https://';
  if (!/^https?:\/\/[^/]+\/.*/.test(prefix)) return 'has no path (it needs at least "/")';
  const host = url.hostname.replace(/^\*\./, '');
  if (!host.includes('.') && !loopbackHttp.test(prefix)) return 'has no full domain';
  return undefined;
}

function matches(url: string, prefix: string): boolean {
  const wildcard = /^(https:\/\/)\*\.(.*)$/.exec(prefix);
  if (!wildcard) return url.startsWith(prefix);
  const [, scheme, rest] = wildcard as unknown as [string, string, string];
  if (!url.startsWith(scheme)) return false;
  const afterScheme = url.slice(scheme.length);
  const dot = afterScheme.indexOf(`.${rest}`);
  return dot > 0 && !afterScheme.slice(0, dot).includes('/') && afterScheme.slice(dot + 1).startsWith(rest);
}

export function checkAllowlisted(url: string, options: UrlFetchAllowlistOptions): void {
  const { prefixes } = options;
  if (prefixes === undefined) {
    if (options.versionedDeployment) {
      throw appsScriptException(
        `UrlFetchApp refused ${url}: a versioned deployment may fetch only URLs its manifest's urlFetchWhitelist lists, and the manifest has none.`,
      );
    }
    return;
  }
  for (const prefix of prefixes) {
    const problem = prefixProblem(prefix);
    if (problem) throw appsScriptException(`The manifest's urlFetchWhitelist entry ${prefix} ${problem}.`);
  }
  if (!prefixes.some((prefix) => matches(url, prefix))) {
    throw appsScriptException(
      `UrlFetchApp refused ${url}: it matches no urlFetchWhitelist prefix of the manifest (${prefixes.join(', ')}).`,
    );
  }
}
