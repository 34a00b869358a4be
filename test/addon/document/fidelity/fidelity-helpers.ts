import { scanDocument } from '../../../../addon/src/document/scan-document';
import { writeResults, type GeneratedText, type WritePlan, type WriteSummary } from '../../../../addon/src/document/write-results';
import { documentFromSpec, documentToSpec, type BlockSpec, type DocumentSpec } from '../../../../harness/fakes/document-service';
import type { DocumentScanSummary } from '../../../../addon/shared/sidebar-contract';

export interface FidelityRun {
  scan: DocumentScanSummary;
  summary: WriteSummary;
  /** The whole document after writing, canonical (documentToSpec), without id and name. */
  result: Omit<DocumentSpec, 'id' | 'name'>;
}

/** AI values given as a string are plain text; `md(...)` marks Markdown. */
export function md(text: string): GeneratedText {
  return { text, format: 'markdown' };
}

export function plan(aiTags: Record<string, string | GeneratedText>, fields: Record<string, string> = {}): WritePlan {
  return {
    aiTags: new Map(
      Object.entries(aiTags).map(([name, value]) => [name, typeof value === 'string' ? { text: value, format: 'plain' as const } : value]),
    ),
    fields: new Map(Object.entries(fields)),
  };
}

/** Builds the template, scans it, writes the plan, and reads the whole document back. */
export function fill(
  template: Omit<DocumentSpec, 'name'>,
  aiTags: Record<string, string | GeneratedText>,
  fields: Record<string, string> = {},
): FidelityRun {
  const document = documentFromSpec({ name: 'Fidelity template', ...template });
  const appsScript = document as unknown as GoogleAppsScript.Document.Document;
  const scan = scanDocument(appsScript);
  const summary = writeResults(appsScript, plan(aiTags, fields));
  const { id: _id, name: _name, ...result } = documentToSpec(document);
  return { scan, summary, result };
}

export const p = (...runs: Extract<BlockSpec, { type: 'paragraph' }>['runs']): BlockSpec => ({ type: 'paragraph', runs });
export const text = (value: string): BlockSpec => ({ type: 'paragraph', runs: value === '' ? [] : [{ text: value }] });
