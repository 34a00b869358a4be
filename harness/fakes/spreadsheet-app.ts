import { appsScriptException, invalidArgument } from './apps-script-exception';

/**
 * SpreadsheetApp, limited to what the add-on's bulk runs use: open a spreadsheet by id or URL, its sheets, a
 * sheet's data range and last row/column, and ranges by row and column to read and write values.
 * Reference: https://developers.google.com/apps-script/reference/spreadsheet/spreadsheet-app,
 * https://developers.google.com/apps-script/reference/spreadsheet/spreadsheet,
 * https://developers.google.com/apps-script/reference/spreadsheet/sheet,
 * https://developers.google.com/apps-script/reference/spreadsheet/range.
 * Every SpreadsheetApp method the add-on calls requires the spreadsheets scope (scope-rules.ts).
 */

/** A cell as getValues answers it: "Number, Boolean, Date, or String, depending on the value of the cell. Empty cells are represented by an empty string" (Range.getValues). */
export type CellValue = string | number | boolean | Date;

export interface SheetSpec {
  name: string;
  /** Rows from row 1; shorter rows are padded with empty cells. */
  rows: CellValue[][];
  /** The grid's size; a new sheet in Google Sheets is 1000 rows by 26 columns. */
  maxRows?: number;
  maxColumns?: number;
}

export interface SpreadsheetSpec {
  id: string;
  name: string;
  sheets: SheetSpec[];
}

const columnsOfANewSheet = 26;
const rowsOfANewSheet = 1000;

/** One sheet's grid: kept between executions by the workspace. */
export class FakeSheet {
  readonly #name: string;
  readonly #cells: CellValue[][];
  readonly #maxRows: number;
  readonly #maxColumns: number;

  constructor(spec: SheetSpec) {
    this.#name = spec.name;
    this.#maxRows = spec.maxRows ?? Math.max(rowsOfANewSheet, spec.rows.length);
    this.#maxColumns = spec.maxColumns ?? Math.max(columnsOfANewSheet, ...spec.rows.map((row) => row.length));
    this.#cells = spec.rows.map((row) => [...row]);
  }

  getName(): string {
    return this.#name;
  }

  /** "the position of the last row that has content" (Sheet.getLastRow); 0 for an empty sheet. */
  getLastRow(): number {
    for (let row = this.#cells.length; row >= 1; row -= 1) if (this.#cells[row - 1]!.some((cell) => cell !== '')) return row;
    return 0;
  }

  /** "the position of the last column that has content" (Sheet.getLastColumn). */
  getLastColumn(): number {
    let last = 0;
    for (const row of this.#cells) for (let column = row.length; column > last; column -= 1) if (row[column - 1] !== '') last = column;
    return last;
  }

  getMaxRows(): number {
    return this.#maxRows;
  }

  getMaxColumns(): number {
    return this.#maxColumns;
  }

  /** "a Range corresponding to the dimensions in which data is present" (Sheet.getDataRange): A1 to the last row and column. */
  getDataRange(): FakeRange {
    return new FakeRange(this, 1, 1, Math.max(1, this.getLastRow()), Math.max(1, this.getLastColumn()));
  }

  /** getRange(row, column), getRange(row, column, numRows) and getRange(row, column, numRows, numColumns). */
  getRange(row: unknown, column: unknown, numRows: unknown = 1, numColumns: unknown = 1): FakeRange {
    const numbers = [row, column, numRows, numColumns];
    if (typeof row === 'string' && column === undefined)
      // The A1-notation form is not modelled: the add-on always names rows and columns by number.
      throw invalidArgument('a1Notation (the harness supports getRange(row, column, numRows, numColumns) only)');
    if (!numbers.every((value) => typeof value === 'number' && Number.isInteger(value))) throw invalidArgument('row');
    const [top, left, height, width] = numbers as number[];
    if (height! < 1) throw appsScriptException('The number of rows in the range must be at least 1.');
    if (width! < 1) throw appsScriptException('The number of columns in the range must be at least 1.');
    if (top! < 1 || left! < 1 || top! + height! - 1 > this.#maxRows || left! + width! - 1 > this.#maxColumns)
      throw appsScriptException('The coordinates of the range are outside the dimensions of the sheet.');
    return new FakeRange(this, top!, left!, height!, width!);
  }

  _cell(row: number, column: number): CellValue {
    return this.#cells[row - 1]?.[column - 1] ?? '';
  }

  _setCell(row: number, column: number, value: CellValue): void {
    while (this.#cells.length < row) this.#cells.push([]);
    const cells = this.#cells[row - 1]!;
    while (cells.length < column) cells.push('');
    cells[column - 1] = value;
  }

  /** The grid as rows of cells, trailing empties trimmed: what tests compare. */
  _rows(): CellValue[][] {
    const lastColumn = this.getLastColumn();
    return Array.from({ length: this.getLastRow() }, (_, row) =>
      Array.from({ length: lastColumn }, (__, column) => this._cell(row + 1, column + 1)),
    );
  }
}

/** What setValue(s) accepts; anything else (an object, a function) is not a cell value. */
function cellValue(value: unknown): CellValue {
  if (value === null || value === undefined) return '';
  if (typeof value === 'string' || typeof value === 'number' || typeof value === 'boolean' || value instanceof Date) return value;
  throw invalidArgument('value');
}

export class FakeRange {
  constructor(
    private readonly sheet: FakeSheet,
    private readonly row: number,
    private readonly column: number,
    private readonly rows: number,
    private readonly columns: number,
  ) {}

  getRow(): number {
    return this.row;
  }

  getColumn(): number {
    return this.column;
  }

  getNumRows(): number {
    return this.rows;
  }

  getNumColumns(): number {
    return this.columns;
  }

  getValue(): CellValue {
    return this.sheet._cell(this.row, this.column);
  }

  getValues(): CellValue[][] {
    return Array.from({ length: this.rows }, (_, row) =>
      Array.from({ length: this.columns }, (__, column) => this.sheet._cell(this.row + row, this.column + column)),
    );
  }

  /** "Sets the value of the range": every cell of it (Range.setValue). */
  setValue(value: unknown): FakeRange {
    const cell = cellValue(value);
    for (let row = 0; row < this.rows; row += 1)
      for (let column = 0; column < this.columns; column += 1) this.sheet._setCell(this.row + row, this.column + column, cell);
    return this;
  }

  /** "The dimensions of the array must match the dimensions of the range" (Range.setValues); Apps Script's wording for a mismatch. */
  setValues(values: unknown): FakeRange {
    if (!Array.isArray(values) || !values.every((row) => Array.isArray(row))) throw invalidArgument('values');
    const rows = values as unknown[][];
    if (rows.length !== this.rows)
      throw appsScriptException(
        `The number of rows in the data does not match the number of rows in the range. The data has ${rows.length} but the range has ${this.rows}.`,
      );
    for (const row of rows)
      if (row.length !== this.columns)
        throw appsScriptException(
          `The number of columns in the data does not match the number of columns in the range. The data has ${row.length} but the range has ${this.columns}.`,
        );
    rows.forEach((row, rowIndex) =>
      row.forEach((value, columnIndex) => this.sheet._setCell(this.row + rowIndex, this.column + columnIndex, cellValue(value))),
    );
    return this;
  }
}

export class FakeSpreadsheet {
  readonly #id: string;
  readonly #name: string;
  readonly #sheets: FakeSheet[];

  constructor(spec: SpreadsheetSpec) {
    this.#id = spec.id;
    this.#name = spec.name;
    this.#sheets = spec.sheets.map((sheet) => new FakeSheet(sheet));
  }

  getId(): string {
    return this.#id;
  }

  getName(): string {
    return this.#name;
  }

  getUrl(): string {
    return `https://docs.google.com/spreadsheets/d/${this.#id}/edit`;
  }

  getSheets(): FakeSheet[] {
    return [...this.#sheets];
  }

  /** "Returns a sheet with the given name… null" when there is none (Spreadsheet.getSheetByName). */
  getSheetByName(name: unknown): FakeSheet | null {
    return this.#sheets.find((sheet) => sheet.getName() === String(name)) ?? null;
  }
}

export interface SpreadsheetAppOptions {
  /** The spreadsheets this user can open, by id. */
  findSpreadsheet: (id: string) => FakeSpreadsheet | undefined;
}

const spreadsheetUrl = /^https:\/\/docs\.google\.com\/spreadsheets\/d\/([A-Za-z0-9_-]+)/;

export class SpreadsheetApp {
  readonly #options: SpreadsheetAppOptions;

  constructor(options: SpreadsheetAppOptions) {
    this.#options = options;
  }

  /**
   * Opens the spreadsheet with the given ID. The reference documents no error text for a missing or unshared
   * file; Apps Script throws the generic one below, which the harness uses too.
   */
  openById(id: unknown): FakeSpreadsheet {
    if (typeof id !== 'string' || id === '') throw invalidArgument('id');
    const spreadsheet = this.#options.findSpreadsheet(id);
    if (!spreadsheet) throw appsScriptException('Unexpected error while getting the method or property openById on object SpreadsheetApp.');
    return spreadsheet;
  }

  /** Opens the spreadsheet at a Sheets URL; anything else is an invalid argument. */
  openByUrl(url: unknown): FakeSpreadsheet {
    const match = typeof url === 'string' ? spreadsheetUrl.exec(url) : null;
    if (!match) throw invalidArgument('url');
    const spreadsheet = this.#options.findSpreadsheet(match[1]!);
    if (!spreadsheet)
      throw appsScriptException('Unexpected error while getting the method or property openByUrl on object SpreadsheetApp.');
    return spreadsheet;
  }
}
