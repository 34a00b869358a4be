import type { WriteInput, WriteOutcome } from '../../shared/sidebar-contract';
import { scanDocument } from '../document/scan-document';
import { copyProblems } from './local-fill-problems';
import { writeIntoTarget, type WriteTargetDependencies } from './write-into-target';

export type WriteFillDependencies = WriteTargetDependencies;

/** Writes an accepted preview in one pass, into the document or a new copy of it. */
export function writeFill(input: WriteInput, dependencies: WriteFillDependencies): WriteOutcome {
  const scan = scanDocument(dependencies.document);
  const present = new Set(scan.aiTags.map((tag) => tag.name));
  const missing = Object.keys(input.results).filter((tag) => !present.has(tag));
  if (missing.length > 0) {
    // Someone edited the document since the preview: writing part of it would leave a half-filled document.
    return {
      status: 'not-written',
      message: `The document no longer has ${missing.map((tag) => `<<ai:${tag}>>`).join(', ')}; nothing was written. Rescan and preview again.`,
    };
  }
  const copyProblem = input.target === 'copy' ? copyProblems(dependencies.document)[0] : undefined;
  if (copyProblem) return { status: 'not-written', message: copyProblem.message };
  const { written, copy } = writeIntoTarget(
    {
      target: input.target,
      copyName: input.copyName,
      scan,
      aiTags: new Map(Object.entries(input.results).map(([tag, result]) => [tag, { text: result.text, format: result.outputFormat }])),
      fieldValues: input.fieldValues,
    },
    dependencies,
  );
  return {
    status: 'written',
    aiTagOccurrences: written.aiTagOccurrences,
    fieldsReplaced: written.fieldOccurrences,
    ...(copy ? { copy } : {}),
  };
}
