import type { DocumentScanSummary } from '../../shared/sidebar-contract';

/** The document's field placeholders that have a value; the others stay as they are. */
export function fieldsToWrite(scan: DocumentScanSummary, fieldValues: Record<string, string>): Map<string, string> {
  const fields = new Map<string, string>();
  for (const field of scan.fields) {
    const value = fieldValues[field.name];
    if (value !== undefined && value !== '') fields.set(field.name, value);
  }
  return fields;
}
