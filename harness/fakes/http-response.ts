import { Blob } from './blob';
import { decodeText, toByteArray, type ByteArray } from './byte-array';

function charsetOf(contentType: string | undefined): string | undefined {
  return contentType ? /;\s*charset="?([^";]+)"?/i.exec(contentType)?.[1] : undefined;
}

/** What UrlFetchApp returns: status, headers with the server's spelling, and the body bytes. */
export class HTTPResponse {
  readonly #status: number;
  readonly #headers: Array<[string, string]>;
  readonly #body: Buffer;

  /** rawHeaders: name, value, name, value… as Node's IncomingMessage.rawHeaders. */
  constructor(status: number, rawHeaders: readonly string[], body: Buffer) {
    this.#status = status;
    this.#headers = [];
    for (let index = 0; index + 1 < rawHeaders.length; index += 2) {
      this.#headers.push([rawHeaders[index] as string, rawHeaders[index + 1] as string]);
    }
    this.#body = body;
  }

  getResponseCode(): number {
    return this.#status;
  }

  /** One value per header; when a header repeats, the first one. */
  getHeaders(): Record<string, string> {
    const headers: Record<string, string> = {};
    for (const [name, values] of this.#grouped()) headers[name] = values[0] as string;
    return headers;
  }

  /** Headers that repeat (Set-Cookie…) come back as arrays. */
  getAllHeaders(): Record<string, string | string[]> {
    const headers: Record<string, string | string[]> = {};
    for (const [name, values] of this.#grouped()) headers[name] = values.length === 1 ? (values[0] as string) : values;
    return headers;
  }

  getContent(): ByteArray {
    return toByteArray(this.#body);
  }

  /** Decoded with the given charset, else the one in Content-Type, else UTF-8. */
  getContentText(charset?: string): string {
    return decodeText(this.#body, charset ?? charsetOf(this.#contentType()) ?? 'UTF-8');
  }

  getBlob(): Blob {
    return new Blob(this.#body, this.#contentType() ?? null);
  }

  getAs(contentType: string): Blob {
    return this.getBlob().getAs(contentType);
  }

  #contentType(): string | undefined {
    return this.#headers.find(([name]) => name.toLowerCase() === 'content-type')?.[1];
  }

  // Grouped case-insensitively, keeping the spelling of the first occurrence.
  #grouped(): Map<string, string[]> {
    const spelling = new Map<string, string>();
    const grouped = new Map<string, string[]>();
    for (const [name, value] of this.#headers) {
      const key = name.toLowerCase();
      const display = spelling.get(key) ?? name;
      spelling.set(key, display);
      grouped.set(display, [...(grouped.get(display) ?? []), value]);
    }
    return grouped;
  }
}
