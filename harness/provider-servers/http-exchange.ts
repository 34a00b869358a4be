import type { IncomingMessage, ServerResponse } from 'node:http';
import type { WireResponse } from './wire-format';

export function readRequestBody(request: IncomingMessage): Promise<string> {
  return new Promise((resolve, reject) => {
    const chunks: Buffer[] = [];
    request.on('data', (chunk: Buffer) => chunks.push(chunk));
    request.on('end', () => resolve(Buffer.concat(chunks).toString('utf8')));
    request.on('error', reject);
  });
}

export function lowerCaseHeaders(request: IncomingMessage): Record<string, string> {
  const headers: Record<string, string> = {};
  for (const [name, value] of Object.entries(request.headers)) {
    if (value === undefined) continue;
    headers[name.toLowerCase()] = Array.isArray(value) ? value.join(', ') : value;
  }
  return headers;
}

/** Parses a JSON body; `ok: false` only when there was text that is not JSON. */
export function parseJsonBody(rawBody: string): { ok: true; body: unknown } | { ok: false } {
  if (rawBody.trim() === '') return { ok: true, body: undefined };
  try {
    return { ok: true, body: JSON.parse(rawBody) as unknown };
  } catch {
    return { ok: false };
  }
}

/** Status 529 has no standard reason phrase; Anthropic's edge sends this one. */
const nonStandardReasonPhrases: Record<number, string> = { 529: 'Overloaded' };

export function writeWireResponse(response: ServerResponse, wire: WireResponse, extraHeaders: Record<string, string>): void {
  if (response.destroyed) return;
  if (wire.kind === 'event-stream') {
    response.writeHead(200, {
      ...extraHeaders,
      'content-type': 'text/event-stream; charset=utf-8',
      'cache-control': 'no-cache',
    });
    for (const event of wire.events) response.write(`data: ${event}\n\n`);
    response.end();
    return;
  }
  const text = wire.kind === 'json' ? JSON.stringify(wire.body) : wire.text;
  const headers = {
    ...extraHeaders,
    ...(wire.kind === 'json' ? wire.headers : undefined),
    'content-type': 'application/json; charset=utf-8',
    'content-length': String(Buffer.byteLength(text)),
  };
  const reasonPhrase = nonStandardReasonPhrases[wire.status];
  if (reasonPhrase === undefined) response.writeHead(wire.status, headers);
  else response.writeHead(wire.status, reasonPhrase, headers);
  response.end(text);
}
