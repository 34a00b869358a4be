import { randomBytes } from 'node:crypto';
import { invalidArgument } from './apps-script-exception';
import { Blob } from './blob';
import { fromByteArray, isByteArray } from './byte-array';

/** UrlFetchApp's params object, as documented for fetch(url, params). */
export interface UrlFetchParams {
  method?: string;
  contentType?: string;
  headers?: Record<string, unknown>;
  payload?: unknown;
  useIntranet?: boolean;
  validateHttpsCertificates?: boolean;
  followRedirects?: boolean;
  muteHttpExceptions?: boolean;
  escaping?: boolean;
}

export interface PreparedRequest {
  /** The URL as the script gave it, used in error messages. */
  url: string;
  protocol: 'http:' | 'https:';
  hostname: string;
  port: number;
  /** Path and query exactly as they go on the request line. */
  path: string;
  method: string;
  headers: Record<string, string>;
  body: Buffer | null;
  followRedirects: boolean;
  validateHttpsCertificates: boolean;
  muteHttpExceptions: boolean;
}

const METHODS = new Set(['GET', 'DELETE', 'PATCH', 'POST', 'PUT', 'HEAD', 'OPTIONS']);
const FORM_CONTENT_TYPE = 'application/x-www-form-urlencoded';

export function userAgent(scriptId: string): string {
  return `Mozilla/5.0 (compatible; Google-Apps-Script; beanserver; +https://script.google.com; id: ${scriptId})`;
}

// Characters that cannot appear raw on a request line; existing %XX escapes are kept.
function escapeUrlCharacters(text: string): string {
  return text.replace(/[^\x21-\x7e]|["<>\\^`{|}]/gu, (character) => encodeURIComponent(character));
}

function pathAndQuery(url: string): string {
  const raw = /^[a-z][a-z0-9+.-]*:\/\/[^/?#]*([^#]*)/i.exec(url)?.[1] ?? '';
  if (raw === '') return '/';
  return raw.startsWith('?') ? `/${raw}` : raw;
}

interface EncodedPayload {
  body: Buffer;
  contentType: string | undefined;
}

function multipart(fields: Record<string, unknown>): EncodedPayload {
  const boundary = `----AppsScriptFormBoundary${randomBytes(12).toString('hex')}`;
  const parts: Buffer[] = [];
  for (const [name, value] of Object.entries(fields)) {
    if (value instanceof Blob) {
      const filename = value.getName() ?? name;
      const type = value.getContentType() ?? 'application/octet-stream';
      parts.push(
        Buffer.from(
          `--${boundary}\r\nContent-Disposition: form-data; name="${name}"; filename="${filename}"\r\nContent-Type: ${type}\r\n\r\n`,
        ),
        Blob.bytesOf(value),
        Buffer.from('\r\n'),
      );
    } else {
      parts.push(Buffer.from(`--${boundary}\r\nContent-Disposition: form-data; name="${name}"\r\n\r\n${String(value)}\r\n`));
    }
  }
  parts.push(Buffer.from(`--${boundary}--\r\n`));
  return { body: Buffer.concat(parts), contentType: `multipart/form-data; boundary=${boundary}` };
}

// A string or Byte[] goes as is; a Blob as its bytes; an object is a form: urlencoded, or multipart
// when a value is a Blob. An object is never turned into JSON: the caller stringifies it.
function encodePayload(payload: unknown): EncodedPayload {
  if (typeof payload === 'string') return { body: Buffer.from(payload, 'utf8'), contentType: undefined };
  if (payload instanceof Blob) return { body: Blob.bytesOf(payload), contentType: payload.getContentType() ?? undefined };
  if (isByteArray(payload)) return { body: fromByteArray(payload), contentType: undefined };
  if (payload !== null && typeof payload === 'object') {
    const fields = payload as Record<string, unknown>;
    if (Object.values(fields).some((value) => value instanceof Blob)) return multipart(fields);
    const form = new URLSearchParams();
    for (const [name, value] of Object.entries(fields)) form.append(name, String(value));
    return { body: Buffer.from(form.toString(), 'utf8'), contentType: undefined };
  }
  return { body: Buffer.from(String(payload), 'utf8'), contentType: undefined };
}

function hasHeader(headers: Record<string, string>, name: string): boolean {
  return Object.keys(headers).some((key) => key.toLowerCase() === name.toLowerCase());
}

function setHeader(headers: Record<string, string>, name: string, value: string): void {
  for (const existing of Object.keys(headers)) if (existing.toLowerCase() === name.toLowerCase()) delete headers[existing];
  headers[name] = value;
}

/**
 * A params key present with the value undefined (`{ payload: undefined }`, as `{ payload: request.body }` gives
 * for a GET) is refused. The UrlFetchApp reference (https://developers.google.com/apps-script/reference/url-fetch/url-fetch-app#fetch(String,Object))
 * documents each advanced parameter with a type and says nothing about undefined; Apps Script passes the
 * object to its Java side, which does not treat an undefined value as an absent key, and a script doing so
 * fails on Google while it passed here (issue 17, point 5). The stricter rule is taken for every key; the
 * exact text Google throws is not documented, so this one names the key and says what to do.
 */
function refuseUndefinedKeys(params: object): void {
  for (const [key, value] of Object.entries(params)) {
    if (value === undefined) throw invalidArgument(`${key} (the key is present but its value is undefined: leave the key out instead)`);
  }
}

export function prepareRequest(url: unknown, params: UrlFetchParams = {}, scriptId: string): PreparedRequest {
  if (typeof url !== 'string') throw invalidArgument('url');
  if (params !== null && typeof params === 'object') refuseUndefinedKeys(params);
  const escaping = params.escaping !== false;
  let parsed: URL;
  try {
    parsed = new URL(url);
  } catch {
    throw invalidArgument(url);
  }
  if (parsed.protocol !== 'http:' && parsed.protocol !== 'https:') throw invalidArgument(url);
  const method = String(params.method ?? 'get').toUpperCase();
  if (!METHODS.has(method)) throw invalidArgument('method');

  const headers: Record<string, string> = { 'User-Agent': userAgent(scriptId) };
  for (const [name, value] of Object.entries(params.headers ?? {})) {
    if (value !== undefined && value !== null) setHeader(headers, name, String(value));
  }

  let body: Buffer | null = null;
  const sendsPayload = params.payload !== undefined && params.payload !== null && method !== 'GET' && method !== 'HEAD';
  if (sendsPayload) {
    const encoded = encodePayload(params.payload);
    body = encoded.body;
    const contentType = encoded.contentType?.startsWith('multipart/') ? encoded.contentType : (params.contentType ?? encoded.contentType);
    if (contentType !== undefined) setHeader(headers, 'Content-Type', contentType);
    else if (!hasHeader(headers, 'Content-Type')) setHeader(headers, 'Content-Type', FORM_CONTENT_TYPE);
  } else if (params.contentType !== undefined) {
    setHeader(headers, 'Content-Type', params.contentType);
  }

  const path = pathAndQuery(url);
  return {
    url,
    protocol: parsed.protocol,
    hostname: parsed.hostname.replace(/^\[|\]$/g, ''),
    port: parsed.port ? Number(parsed.port) : parsed.protocol === 'https:' ? 443 : 80,
    path: escaping ? escapeUrlCharacters(path) : path,
    method,
    headers,
    body,
    followRedirects: params.followRedirects !== false,
    validateHttpsCertificates: params.validateHttpsCertificates !== false,
    muteHttpExceptions: params.muteHttpExceptions === true,
  };
}

/** What UrlFetchApp.getRequest returns: the request that fetch would make, without making it. */
export function describeRequest(request: PreparedRequest, params: UrlFetchParams = {}): Record<string, unknown> {
  const contentTypeHeader = Object.entries(request.headers).find(([name]) => name.toLowerCase() === 'content-type')?.[1];
  return {
    url: request.url,
    method: request.method.toLowerCase(),
    headers: Object.fromEntries(Object.entries(request.headers).filter(([name]) => name.toLowerCase() !== 'content-type')),
    payload: request.body ? request.body.toString('utf8') : '',
    contentType: contentTypeHeader ?? params.contentType ?? FORM_CONTENT_TYPE,
    followRedirects: request.followRedirects,
    validateHttpsCertificates: request.validateHttpsCertificates,
    useIntranet: params.useIntranet === true,
  };
}
