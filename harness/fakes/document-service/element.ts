import { appsScriptException } from '../apps-script-exception';

/** What every node of the document tree shares: its type, its parent and its place among its siblings. */
export abstract class DocumentElement {
  _parent: ParentElement | null = null;

  abstract getType(): string;
  abstract copy(): DocumentElement;
  abstract getText(): string;

  getParent(): ParentElement | null {
    return this._parent;
  }

  getNextSibling(): DocumentElement | null {
    return this._sibling(1);
  }

  getPreviousSibling(): DocumentElement | null {
    return this._sibling(-1);
  }

  removeFromParent(): this {
    this._parent?._removeChildElement(this);
    return this;
  }

  isAtDocumentEnd(): boolean {
    const parent = this._parent;
    if (!parent) return false;
    return parent.getType() === 'BODY_SECTION' && parent.getChildIndex(this) === parent.getNumChildren() - 1;
  }

  asParagraph(): never | this {
    return this._cast('PARAGRAPH');
  }

  asListItem(): never | this {
    return this._cast('LIST_ITEM');
  }

  asTable(): never | this {
    return this._cast('TABLE');
  }

  asTableRow(): never | this {
    return this._cast('TABLE_ROW');
  }

  asTableCell(): never | this {
    return this._cast('TABLE_CELL');
  }

  asText(): never | this {
    return this._cast('TEXT');
  }

  asFootnote(): never | this {
    return this._cast('FOOTNOTE');
  }

  asBody(): never | this {
    return this._cast('BODY_SECTION');
  }

  asHeaderSection(): never | this {
    return this._cast('HEADER_SECTION');
  }

  asFooterSection(): never | this {
    return this._cast('FOOTER_SECTION');
  }

  asFootnoteSection(): never | this {
    return this._cast('FOOTNOTE_SECTION');
  }

  _cast(type: string): this {
    if (this.getType() !== type) throw appsScriptException(`Cannot convert an element of type ${this.getType()} to ${type}.`);
    return this;
  }

  _sibling(step: number): DocumentElement | null {
    const parent = this._parent;
    if (!parent) return null;
    const index = parent.getChildIndex(this) + step;
    return index >= 0 && index < parent.getNumChildren() ? parent.getChild(index) : null;
  }
}

/** Elements with children the script walks with getNumChildren/getChild. */
export interface ParentElement extends DocumentElement {
  getNumChildren(): number;
  getChild(index: number): DocumentElement;
  getChildIndex(child: DocumentElement): number;
  _removeChildElement(child: DocumentElement): void;
}

export function checkChildIndex(index: number, count: number, allowEnd = false): void {
  const limit = allowEnd ? count : count - 1;
  if (!Number.isInteger(index) || index < 0 || index > limit) {
    throw appsScriptException(`Child index (${index}) must be less than the number of child elements (${count}).`);
  }
}
