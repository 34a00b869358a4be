import type { FillOutcome } from '../../shared/sidebar-contract';
import { plural } from '../../shared/plural';

/** A fill's outcome in a few sentences, for the menu's "Fill all tags" (no sidebar to show details). */
export function outcomeSummary(outcome: FillOutcome): { title: string; message: string } {
  switch (outcome.status) {
    case 'not-ready':
      return { title: 'The fill cannot start', message: outcome.problems.map((problem) => `• ${problem.message}`).join('\n') };
    case 'aborted':
      return { title: 'Nothing was written', message: `Nothing was written to the document. ${outcome.message}` };
    case 'generated':
      return { title: 'Generated', message: `${plural(outcome.tags.length, 'AI tag')} generated; nothing written yet.` };
    case 'written': {
      const trouble = outcome.tags.filter((tag) => tag.status === 'failed' || tag.status === 'fallback');
      const lines = [
        `Filled ${plural(outcome.tags.length, 'AI tag')} and ${plural(outcome.fieldsReplaced, 'field')} in ${(outcome.durationMs / 1000).toFixed(1)} s.`,
      ];
      for (const tag of trouble)
        lines.push(
          `• ${tag.tag}: ${tag.status === 'fallback' ? 'its fallback text was used' : 'could not be generated'} — ${tag.message ?? 'no reason given'}`,
        );
      for (const tag of outcome.tags) for (const warning of tag.warnings ?? []) lines.push(`• ${tag.tag}: ${warning}`);
      if (outcome.copy) lines.push(`The filled copy is "${outcome.copy.name}": ${outcome.copy.url}`);
      return { title: trouble.length > 0 ? 'Filled, with problems' : 'Filled', message: lines.join('\n') };
    }
  }
}
