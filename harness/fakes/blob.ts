import { decodeText, encodeText, fromByteArray, toByteArray, type ByteArray } from './byte-array';
import { appsScriptException } from './apps-script-exception';

/** The parts of Apps Script's Blob the harness needs: bytes, a content type and a name. */
export class Blob {
  #bytes: Buffer;
  #contentType: string | null;
  #name: string | null;

  constructor(bytes: Uint8Array, contentType: string | null = null, name: string | null = null) {
    this.#bytes = Buffer.from(bytes);
    this.#contentType = contentType;
    this.#name = name;
  }

  /** The raw bytes, for other fakes in this thread (static, so the script never sees it). */
  static bytesOf(blob: Blob): Buffer {
    return blob.#bytes;
  }

  getBytes(): ByteArray {
    return toByteArray(this.#bytes);
  }

  setBytes(bytes: ByteArray): Blob {
    this.#bytes = fromByteArray(bytes);
    return this;
  }

  getDataAsString(charset?: string): string {
    return decodeText(this.#bytes, charset);
  }

  setDataFromString(text: string, charset?: string): Blob {
    this.#bytes = encodeText(String(text), charset);
    return this;
  }

  getContentType(): string | null {
    return this.#contentType;
  }

  setContentType(contentType: string | null): Blob {
    this.#contentType = contentType;
    return this;
  }

  getName(): string | null {
    return this.#name;
  }

  setName(name: string): Blob {
    this.#name = name;
    return this;
  }

  isGoogleType(): boolean {
    return false;
  }

  copyBlob(): Blob {
    return new Blob(this.#bytes, this.#contentType, this.#name);
  }

  /** Conversions (e.g. to PDF) need Google's converters; only a same-type copy is possible here. */
  getAs(contentType: string): Blob {
    if (contentType !== this.#contentType) {
      throw appsScriptException(`Converting from ${this.#contentType} to ${contentType} is not supported.`);
    }
    return this.copyBlob();
  }
}
