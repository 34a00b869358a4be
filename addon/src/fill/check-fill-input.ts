import { fieldsReferencedBy } from '../../shared/tag-names';
import type { DocumentScanSummary, FillInput } from '../../shared/sidebar-contract';

/** Every reason the fill cannot start, all at once, before any model is called. */
export function checkFillInput(scan: DocumentScanSummary, input: FillInput): string[] {
  const problems: string[] = scan.problems.map((problem) => `${problem.where}: "${problem.text}" — ${problem.message}`);
  if (scan.aiTags.length === 0 && scan.fields.length === 0) {
    problems.push('The document has no <<ai:NAME>> tags or <<field>> placeholders to fill.');
  }
  const missing = new Set<string>();
  for (const tag of scan.aiTags) {
    const prompt = input.prompts[tag.name] ?? '';
    if (prompt.trim() === '') {
      problems.push(`The AI tag ${tag.name} has no prompt: write one in the sidebar.`);
      continue;
    }
    for (const field of fieldsReferencedBy(prompt)) {
      if ((input.fieldValues[field] ?? '').trim() === '') missing.add(field);
    }
  }
  for (const field of missing) problems.push(`The field ${field} is used in a prompt but has no value.`);
  return problems;
}
