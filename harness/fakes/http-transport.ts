import http from 'node:http';
import https from 'node:https';
import { promisify } from 'node:util';
import zlib from 'node:zlib';
import { appsScriptException, invalidArgument } from './apps-script-exception';
import type { PreparedRequest } from './url-fetch-request';

export interface RawResponse {
  status: number;
  rawHeaders: string[];
  body: Buffer;
}

const MAX_REDIRECTS = 10;
const decompressors: Record<string, (body: Buffer) => Promise<Buffer>> = {
  gzip: promisify(zlib.gunzip),
  'x-gzip': promisify(zlib.gunzip),
  deflate: promisify(zlib.inflate),
  br: promisify(zlib.brotliDecompress),
};

class FetchTimeout extends Error {}

// Apps Script reports network failures with the URL: "Timeout: …", "DNS error: …", "Address unavailable: …".
function networkFailure(error: unknown, url: string): Error {
  if (error instanceof FetchTimeout) return appsScriptException(`Timeout: ${url}`);
  const code = (error as { code?: unknown } | null)?.code;
  if (code === 'ERR_UNESCAPED_CHARACTERS' || code === 'ERR_INVALID_HTTP_TOKEN' || code === 'ERR_INVALID_CHAR') {
    return invalidArgument(url);
  }
  if (code === 'ENOTFOUND' || code === 'EAI_AGAIN') return appsScriptException(`DNS error: ${url}`);
  if (typeof code === 'string' && /CERT|SELF_SIGNED|UNABLE_TO_VERIFY|ALTNAME/.test(code)) {
    return appsScriptException(`SSL Error ${url}`);
  }
  return appsScriptException(`Address unavailable: ${url}`);
}

function sendOnce(request: PreparedRequest, signal: AbortSignal): Promise<RawResponse> {
  const transport = request.protocol === 'https:' ? https : http;
  return new Promise((resolve, reject) => {
    const headers: Record<string, string | number> = { ...request.headers };
    if (request.body) headers['Content-Length'] = request.body.length;
    const outgoing = transport.request(
      {
        protocol: request.protocol,
        hostname: request.hostname,
        port: request.port,
        path: request.path,
        method: request.method,
        headers,
        signal,
        rejectUnauthorized: request.validateHttpsCertificates,
        agent: false,
      },
      (incoming) => {
        const chunks: Buffer[] = [];
        incoming.on('data', (chunk: Buffer) => chunks.push(chunk));
        incoming.on('error', reject);
        incoming.on('end', () => {
          const body = Buffer.concat(chunks);
          const encoding = String(incoming.headers['content-encoding'] ?? '')
            .trim()
            .toLowerCase();
          const decompress = decompressors[encoding];
          const status = incoming.statusCode ?? 0;
          (decompress ? decompress(body) : Promise.resolve(body)).then(
            (decoded) => resolve({ status, rawHeaders: incoming.rawHeaders, body: decoded }),
            reject,
          );
        });
      },
    );
    outgoing.on('error', reject);
    outgoing.end(request.body ?? undefined);
  });
}

function redirected(request: PreparedRequest, response: RawResponse): PreparedRequest | undefined {
  if (![301, 302, 303, 307, 308].includes(response.status)) return undefined;
  const index = response.rawHeaders.findIndex((name, position) => position % 2 === 0 && name.toLowerCase() === 'location');
  const location = index >= 0 ? response.rawHeaders[index + 1] : undefined;
  if (!location) return undefined;
  const target = new URL(location, `${request.protocol}//${request.hostname}:${request.port}${request.path}`);
  const keepsBody = response.status === 307 || response.status === 308;
  const headers = { ...request.headers };
  if (!keepsBody) {
    for (const name of Object.keys(headers)) if (name.toLowerCase() === 'content-type') delete headers[name];
  }
  return {
    ...request,
    protocol: target.protocol === 'https:' ? 'https:' : 'http:',
    hostname: target.hostname.replace(/^\[|\]$/g, ''),
    port: target.port ? Number(target.port) : target.protocol === 'https:' ? 443 : 80,
    path: `${target.pathname}${target.search}`,
    method: keepsBody || request.method === 'HEAD' ? request.method : 'GET',
    headers,
    body: keepsBody ? request.body : null,
  };
}

/** Real HTTP, following redirects unless told not to, all within one deadline. */
export async function sendHttpRequest(request: PreparedRequest, timeoutMs: number): Promise<RawResponse> {
  const controller = new AbortController();
  const timer = setTimeout(() => controller.abort(new FetchTimeout()), timeoutMs);
  try {
    let current = request;
    for (let redirects = 0; ; redirects++) {
      const response = await sendOnce(current, controller.signal);
      const next = current.followRedirects && redirects < MAX_REDIRECTS ? redirected(current, response) : undefined;
      if (!next) return response;
      current = next;
    }
  } catch (error) {
    throw networkFailure(controller.signal.aborted ? controller.signal.reason : error, request.url);
  } finally {
    clearTimeout(timer);
  }
}
