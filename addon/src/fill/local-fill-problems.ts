import { partsACopyCannotCarry } from '../document/copy-into-new-document';
import type { DocumentScanSummary, FillProblem, FillRequestInput } from '../../shared/sidebar-contract';

/**
 * What only the add-on can see is wrong, in the document itself: malformed tags, tags asked for that the
 * document does not have, nothing to fill at all. Whether the fill can start is otherwise the backend's to
 * judge (its pre-run check: prompts, field values, models, budget); the add-on shows its problems with these.
 */
export function localFillProblems(scan: DocumentScanSummary, input: FillRequestInput): FillProblem[] {
  const problems: FillProblem[] = scan.problems.map((problem) => ({
    code: 'malformed_tag',
    message: `${problem.where}: "${problem.text}" — ${problem.message}`,
  }));
  const present = new Set(scan.aiTags.map((tag) => tag.name));
  if (input.tags.length === 0 && scan.fields.length === 0) {
    problems.push({ code: 'nothing_to_fill', message: 'The document has no <<ai:NAME>> tags or <<field>> placeholders to fill.' });
  }
  for (const tag of input.tags) {
    if (!present.has(tag))
      problems.push({ tag, code: 'tag_not_in_document', message: `The document has no <<ai:${tag}>> tag any more; rescan the document.` });
  }
  return problems;
}

/** Fill into a copy builds the copy with DocumentApp, which cannot recreate some parts of a document. */
export function copyProblems(document: GoogleAppsScript.Document.Document): FillProblem[] {
  const parts = partsACopyCannotCarry(document);
  if (parts.length === 0) return [];
  return [
    {
      code: 'copy_not_possible',
      message:
        `Fill into a copy cannot copy this document: it has ${parts.join(', ')}, which the add-on cannot recreate in a new document. ` +
        'Make the copy yourself (File › Make a copy), open it and fill it there.',
    },
  ];
}
