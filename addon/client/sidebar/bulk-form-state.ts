import type { BulkRunProgress, BulkRunRecord, RowSelection, StartSheetRunInput } from '../../shared/bulk-run-contract';
import { plural } from '../../shared/plural';

/** The Bulk panel's decisions, free of the DOM so they can be tested in node. */

export const defaultLinkColumn = 'Document link';

/** "Client name", "client_name" and "CLIENT-NAME" are one name: headers are typed by people. */
function looseName(name: string): string {
  return name.toLowerCase().replace(/[^\p{L}\p{N}]+/gu, '');
}

/** The header a field's values most likely come from: the same name, else the same name loosely; none otherwise. */
export function matchingHeader(field: string, headers: readonly string[]): string | undefined {
  return headers.find((header) => header.trim() === field) ?? headers.find((header) => looseName(header) === looseName(field));
}

/** Each field mapped to its matching header, where there is one; a choice the user made for a header still there is kept. */
export function initialMapping(
  fields: readonly string[],
  headers: readonly string[],
  chosen: Record<string, string> = {},
): Record<string, string> {
  const mapping: Record<string, string> = {};
  for (const field of fields) {
    const kept = chosen[field];
    const header = kept !== undefined && (kept === '' || headers.includes(kept)) ? kept : matchingHeader(field, headers);
    if (header !== undefined) mapping[field] = header;
  }
  return mapping;
}

/** A first name pattern: the document's name and the field that most likely names the record. */
export function defaultNamePattern(documentName: string, mappedFields: readonly string[]): string {
  const naming = mappedFields.find((field) => /name|company|client|customer|account/i.test(field)) ?? mappedFields[0];
  return naming ? `${documentName} – {{${naming}}}` : documentName;
}

/** The fields a name pattern may use, written as it would use them. */
export function namePatternHint(mappedFields: readonly string[]): string {
  if (mappedFields.length === 0) return 'Map a field first: each {{field}} in the name must be a mapped field.';
  return `Each document's name; use ${mappedFields.map((field) => `{{${field}}}`).join(', ')}.`;
}

export interface BulkFormValues {
  name: string;
  spreadsheet: string;
  sheetName: string;
  fieldMapping: Record<string, string>;
  rowChoice: RowSelection['kind'];
  filterColumn: string;
  filterValue: string;
  linkColumn: string;
  outputFolder: string;
  namePattern: string;
}

export function rowSelectionOf(values: Pick<BulkFormValues, 'rowChoice' | 'filterColumn' | 'filterValue'>): RowSelection {
  if (values.rowChoice === 'filter') return { kind: 'filter', column: values.filterColumn, equals: values.filterValue.trim() };
  return { kind: values.rowChoice };
}

export function startInputOf(values: BulkFormValues): StartSheetRunInput {
  const fieldMapping: Record<string, string> = {};
  for (const [field, header] of Object.entries(values.fieldMapping)) if (header !== '') fieldMapping[field] = header;
  return {
    name: values.name.trim(),
    spreadsheet: values.spreadsheet.trim(),
    sheetName: values.sheetName,
    fieldMapping,
    rows: rowSelectionOf(values),
    linkColumn: values.linkColumn.trim(),
    outputFolder: values.outputFolder.trim(),
    namePattern: values.namePattern.trim(),
  };
}

/** The inputs of the form a problem can name; anything else is shown above the Start button. */
export type ProblemTarget =
  | { kind: 'input'; input: 'name' | 'spreadsheet' | 'sheetName' | 'rows' | 'linkColumn' | 'outputFolder' | 'namePattern' }
  | { kind: 'mapping'; field: string }
  | { kind: 'general' };

const inputNames = ['name', 'spreadsheet', 'sheetName', 'rows', 'linkColumn', 'outputFolder', 'namePattern'] as const;

/** Where a problem goes: `namePattern`, `rows.column`, `fieldMapping.client_name` name an input; others are general. */
export function problemTarget(field: string | undefined, mappedFields: readonly string[]): ProblemTarget {
  if (!field) return { kind: 'general' };
  const [head, ...rest] = field.split('.');
  const tail = rest.join('.');
  if (head === 'fieldMapping') return tail && mappedFields.includes(tail) ? { kind: 'mapping', field: tail } : { kind: 'general' };
  const input = inputNames.find((name) => name === head);
  return input ? { kind: 'input', input } : { kind: 'general' };
}

/** Whether the open panel should go on working on the run: active, with records not done yet. */
export function runNeedsWork(progress: BulkRunProgress): boolean {
  return progress.status === 'active' && !progress.finished && progress.remaining > 0;
}

export function runStatusText(progress: BulkRunProgress): string {
  if (progress.status === 'cancelled') return 'Cancelled';
  if (progress.status === 'paused') return 'Paused';
  if (progress.finished) return 'Finished';
  return progress.total === 0 ? 'Starting' : 'Running';
}

/** "12 done · 1 failed · 7 remaining", as the live region reads it. */
export function progressSummary(progress: BulkRunProgress): string {
  return `${progress.done} done · ${progress.failed} failed · ${progress.remaining} remaining`;
}

export function recordPlace(record: BulkRunRecord): string {
  // A HubSpot record's reference reads `hubspot:deals/123`: said as "Deal 123".
  const hubspot = /^hubspot:(contacts|companies|deals)\/(\d+)$/.exec(record.sourceReference ?? '');
  if (hubspot) return `${({ contacts: 'Contact', companies: 'Company', deals: 'Deal' } as const)[hubspot[1] as 'deals']} ${hubspot[2]}`;
  return record.sourceReference ? `Row ${record.sourceReference}` : record.recordKey;
}

export function recordStateText(record: BulkRunRecord): string {
  const states: Record<BulkRunRecord['state'], string> = {
    pending: 'waiting',
    leased: 'being made',
    done: 'done',
    failed: 'failed',
    cancelled: 'cancelled',
  };
  return states[record.state];
}

/** What the panel says about closing the sidebar while a run has work left. */
export function backgroundText(progress: BulkRunProgress): string {
  if (!runNeedsWork(progress)) return '';
  return progress.backgroundWorker
    ? 'You can close the sidebar: a background trigger goes on with this run every few minutes, and writes each link into the sheet.'
    : 'Keep the sidebar open until the run is done: no background trigger is installed for you, so the run stops when the sidebar closes.';
}

export function startedText(enqueued: number, alreadyEnqueued: number): string {
  const parts = [`Started: ${plural(enqueued, 'row')} to make.`];
  if (alreadyEnqueued > 0)
    parts.push(`${plural(alreadyEnqueued, 'row')} already had a job and ${alreadyEnqueued === 1 ? 'was' : 'were'} not added again.`);
  return parts.join(' ');
}

/** `{{field}}` references of a name pattern that no mapped field gives (the backend refuses those too). */
export function unknownPatternFields(pattern: string, mappedFields: readonly string[]): string[] {
  const unknown: string[] = [];
  for (const match of pattern.matchAll(/\{\{\s*([^{}]*?)\s*\}\}/g)) {
    const name = match[1] ?? '';
    if (!mappedFields.includes(name) && !unknown.includes(name)) unknown.push(name);
  }
  return unknown;
}

export function unknownPatternFieldsProblem(unknown: readonly string[]): string {
  const names = unknown.map((name) => `{{${name}}}`).join(', ');
  return `The name uses ${names}, which no mapped column gives: map ${unknown.length === 1 ? 'that field' : 'those fields'} or take ${unknown.length === 1 ? 'it' : 'them'} out of the name.`;
}
