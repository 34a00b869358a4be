import type { DocumentScanSummary, DocumentTagSummary } from '../../shared/sidebar-contract';
import { scanText } from '../tags/scan-text';
import { collectTextBlocks } from './text-blocks';

/** Groups every placeholder of every tab by name, with counts and locations (tab included), plus the malformed ones. */
export function scanDocument(document: GoogleAppsScript.Document.Document): DocumentScanSummary {
  const aiTags = new Map<string, DocumentTagSummary>();
  const fields = new Map<string, DocumentTagSummary>();
  const problems: DocumentScanSummary['problems'] = [];
  for (const block of collectTextBlocks(document)) {
    const scan = scanText(block.element.getText());
    for (const placeholder of scan.placeholders) {
      const group = placeholder.kind === 'ai' ? aiTags : fields;
      const summary = group.get(placeholder.name) ?? { name: placeholder.name, count: 0, locations: [] };
      summary.count += 1;
      summary.locations.push({ where: block.where, tab: block.tab });
      group.set(placeholder.name, summary);
    }
    for (const problem of scan.problems)
      problems.push({ text: problem.text, message: problem.message, where: block.where, tab: block.tab });
  }
  return { aiTags: [...aiTags.values()], fields: [...fields.values()], problems };
}
