import { appsScriptException } from '../apps-script-exception';
import { characterAttributes, type CharacterAttribute, type CharacterAttributes } from './enums';

/**
 * Characters Docs drops from any text it is given: "Some control characters (U+0000-U+0008, U+000C-U+001F)
 * and characters from the Unicode Basic Multilingual Plane Private Use Area (U+E000-U+F8FF) will be stripped
 * out of the inserted text" (https://developers.google.com/docs/api/reference/rest/v1/documents/request#inserttextrequest).
 * The Apps Script reference says nothing about them; the stricter behaviour is the Docs API's, so every text
 * setter of this fake strips them, and offsets computed on the unstripped text come out wrong, as on Google.
 */
const strippedByDocs = /[\u0000-\u0008\u000c-\u001f\ue000-\uf8ff]/g;

export function stripCharactersDocsDrops(text: string): string {
  return text.replace(strippedByDocs, '');
}

/**
 * A paragraph's characters, each with its own attributes, as Docs keeps them. Operations follow Apps Script:
 * inserted characters take the attributes of the character before them, and a whole-text replacement takes
 * those of the first character.
 */
export class RichText {
  #characters: string[] = [];
  #attributes: CharacterAttributes[] = [];
  /**
   * The attributes of the paragraph's own end. A Docs paragraph is "a range of content that's terminated with a
   * newline character" (https://developers.google.com/docs/api/concepts/structure), and that newline has a text
   * style like any other character: an empty paragraph is only its newline, which is what gets styled when a
   * script sets attributes on it, and what typed or inserted text then takes. The Apps Script reference says
   * nothing about styling an empty paragraph; the fake keeps the style rather than dropping it silently.
   */
  #markAttributes: CharacterAttributes = {};

  get markAttributes(): CharacterAttributes {
    return { ...this.#markAttributes };
  }

  /** Null or undefined values leave an attribute unchanged, as for characters. */
  setMarkAttributes(attributes: Record<string, unknown>): void {
    for (const [name, value] of characterChanges(attributes)) this.#markAttributes[name] = value as string | number | boolean;
  }

  clearMarkAttribute(name: CharacterAttribute): void {
    delete this.#markAttributes[name];
  }

  get length(): number {
    return this.#characters.length;
  }

  get text(): string {
    return this.#characters.join('');
  }

  attributesAt(offset: number): CharacterAttributes {
    this.checkOffset(offset);
    return { ...(this.#attributes[offset] as CharacterAttributes) };
  }

  /** Offsets where the attributes change, starting with 0 (Text.getTextAttributeIndices). */
  attributeIndices(): number[] {
    const indices: number[] = [];
    for (let offset = 0; offset < this.length; offset += 1) {
      if (
        offset === 0 ||
        !sameAttributes(this.#attributes[offset - 1] as CharacterAttributes, this.#attributes[offset] as CharacterAttributes)
      )
        indices.push(offset);
    }
    return indices.length === 0 ? [0] : indices;
  }

  /** Runs of equal attributes, for rendering and serialising. */
  runs(): Array<{ text: string; attributes: CharacterAttributes }> {
    const runs: Array<{ text: string; attributes: CharacterAttributes }> = [];
    for (let offset = 0; offset < this.length; offset += 1) {
      const attributes = this.#attributes[offset] as CharacterAttributes;
      const last = runs.at(-1);
      if (last && sameAttributes(last.attributes, attributes)) last.text += this.#characters[offset];
      else runs.push({ text: this.#characters[offset] as string, attributes: { ...attributes } });
    }
    return runs;
  }

  append(text: string, attributes: CharacterAttributes): void {
    // Offsets are UTF-16 code units, as in Apps Script and JavaScript strings.
    for (const character of stripCharactersDocsDrops(text).split('')) {
      this.#characters.push(character);
      this.#attributes.push({ ...attributes });
    }
  }

  insert(offset: number, text: string): void {
    if (!Number.isInteger(offset) || offset < 0 || offset > this.length) throw outOfBounds(offset);
    const inherited =
      this.length === 0 ? { ...this.#markAttributes } : { ...(this.#attributes[offset === 0 ? 0 : offset - 1] as CharacterAttributes) };
    const characters = stripCharactersDocsDrops(text).split('');
    this.#characters.splice(offset, 0, ...characters);
    this.#attributes.splice(offset, 0, ...characters.map(() => ({ ...inherited })));
  }

  delete(start: number, endInclusive: number): void {
    this.checkRange(start, endInclusive);
    this.#characters.splice(start, endInclusive - start + 1);
    this.#attributes.splice(start, endInclusive - start + 1);
  }

  setText(text: string): void {
    const first = this.length > 0 ? { ...(this.#attributes[0] as CharacterAttributes) } : { ...this.#markAttributes };
    this.#characters = [];
    this.#attributes = [];
    this.append(text, first);
  }

  /** Null or undefined values leave an attribute unchanged, as Apps Script documents for attribute maps. */
  setAttributes(start: number, endInclusive: number, attributes: Record<string, unknown>): void {
    this.checkRange(start, endInclusive);
    const changes = characterChanges(attributes);
    for (let offset = start; offset <= endInclusive; offset += 1) {
      const current = this.#attributes[offset] as CharacterAttributes;
      for (const [name, value] of changes) current[name] = value as string | number | boolean;
    }
  }

  /** Gives a range exactly these attributes, dropping any others. */
  assignAttributes(start: number, endInclusive: number, attributes: CharacterAttributes): void {
    this.checkRange(start, endInclusive);
    for (let offset = start; offset <= endInclusive; offset += 1) this.#attributes[offset] = { ...attributes };
  }

  /** Removes one attribute (setLinkUrl(null), setForegroundColor(null)). */
  clearAttribute(start: number, endInclusive: number, name: CharacterAttribute): void {
    this.checkRange(start, endInclusive);
    for (let offset = start; offset <= endInclusive; offset += 1) delete (this.#attributes[offset] as CharacterAttributes)[name];
  }

  copy(): RichText {
    const copy = new RichText();
    copy.#characters = [...this.#characters];
    copy.#attributes = this.#attributes.map((attributes) => ({ ...attributes }));
    copy.#markAttributes = { ...this.#markAttributes };
    return copy;
  }

  checkOffset(offset: number): void {
    if (!Number.isInteger(offset) || offset < 0 || offset >= this.length) throw outOfBounds(offset);
  }

  checkRange(start: number, endInclusive: number): void {
    this.checkOffset(start);
    this.checkOffset(endInclusive);
    if (endInclusive < start)
      throw appsScriptException(`Invalid argument: endOffsetInclusive (${endInclusive}) is before startOffset (${start})`);
  }
}

function outOfBounds(offset: number): Error {
  return appsScriptException(`Index (${offset}) must be less than the content length.`);
}

function characterChanges(attributes: Record<string, unknown>): Array<[CharacterAttribute, unknown]> {
  return characterAttributes
    .filter((name) => attributes[name] !== null && attributes[name] !== undefined)
    .map((name) => [name, attributes[name]]);
}

export function sameAttributes(left: CharacterAttributes, right: CharacterAttributes): boolean {
  return characterAttributes.every((name) => left[name] === right[name]);
}

/** The full attribute map Apps Script returns: every character attribute, null when unset. */
export function attributeMap(attributes: CharacterAttributes): Record<string, string | number | boolean | null> {
  return Object.fromEntries(characterAttributes.map((name) => [name, attributes[name] ?? null]));
}
