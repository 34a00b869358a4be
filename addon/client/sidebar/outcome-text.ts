import type { FillOutcome, FillProblem, TagOutcome, WriteOutcome } from '../../shared/sidebar-contract';
import { plural } from '../../shared/plural';

/** What the result area says about a fill, as data: the page turns it into elements. */

export type ResultKind = 'success' | 'warning' | 'error';

export interface ResultLine {
  text: string;
  /** What to do, shown under the line. */
  advice?: string;
  /** What the person should know of a generated text, each shown under the line. */
  warnings?: string[];
  kind?: 'generated' | 'fallback' | 'failed' | 'skipped';
  /** A generated tag of a fill written to the document: the line carries its 👍/👎 controls. */
  feedback?: { fillId: string; tag: string };
  /** A small label next to the line: the text is a last good answer, not a new one. */
  label?: string;
}

export interface ResultView {
  kind: ResultKind;
  headline: string;
  lines: ResultLine[];
  copy?: { name: string; url: string };
}

export function seconds(ms: number): string {
  return `${(ms / 1000).toFixed(1)} s`;
}

/** What the user should do about a fill that stopped, by the error code. */
export function abortAdvice(code: string): string | undefined {
  const lower = code.toLowerCase();
  if (lower === 'interrupted') return 'Fill again: the tags already generated are kept, not generated or paid for again.';
  if (/budget/.test(lower)) return "The organisation's AI budget is used up: ask an admin to raise it.";
  if (/quota/.test(lower)) return "The AI provider's quota is used up: ask an admin to check the provider account.";
  if (/auth|key|permission|credential/.test(lower))
    return 'Ask an admin to check the AI provider connection (the key may be invalid or revoked).';
  return undefined;
}

function tagAdvice(outcome: TagOutcome): string | undefined {
  if (outcome.status === 'fallback')
    return 'The fallback text was written. Try "Fill this tag only" again later, or change the prompt or model.';
  if (outcome.status === 'failed')
    return 'A marker was written in its place. Set a fallback text, change the prompt or model, or try again.';
  return undefined;
}

/** "40 seconds", "3 minutes", "2 hours", "5 days". */
export function ageText(ageSeconds: number): string {
  const units: [number, string][] = [
    [86_400, 'day'],
    [3600, 'hour'],
    [60, 'minute'],
  ];
  for (const [size, name] of units) {
    const count = Math.floor(ageSeconds / size);
    if (count >= 1) return `${count} ${name}${count === 1 ? '' : 's'}`;
  }
  return `${Math.max(0, Math.floor(ageSeconds))} seconds`;
}

/** The label of a tag answered with its prompt's last good answer while every provider was down. */
export function lastGoodAnswerLabel(outcome: TagOutcome): string | undefined {
  return outcome.lastGoodAnswer ? `Last good answer · ${ageText(outcome.lastGoodAnswer.ageSeconds)} old` : undefined;
}

export function describeTag(outcome: TagOutcome): ResultLine {
  const details: string[] = [];
  if (outcome.model) details.push(outcome.model);
  if (typeof outcome.durationMs === 'number') details.push(seconds(outcome.durationMs));
  if (outcome.cached && !outcome.lastGoodAnswer) details.push('cached');
  const labels = { generated: 'generated', fallback: 'fallback text used', failed: 'failed', skipped: 'not generated' };
  let text = `${outcome.tag}: ${labels[outcome.status]}`;
  if (details.length > 0) text += ` (${details.join(', ')})`;
  if (outcome.message) text += ` — ${outcome.message}`;
  const line: ResultLine = { text, kind: outcome.status };
  const label = lastGoodAnswerLabel(outcome);
  if (label) line.label = label;
  const advice = tagAdvice(outcome);
  if (advice) line.advice = advice;
  if (outcome.warnings && outcome.warnings.length > 0) line.warnings = outcome.warnings;
  return line;
}

export function describeProblems(problems: FillProblem[]): ResultLine[] {
  return problems.map((problem) => ({ text: problem.tag && problem.tag !== '*' ? `${problem.tag}: ${problem.message}` : problem.message }));
}

export function describeOutcome(outcome: FillOutcome): ResultView {
  switch (outcome.status) {
    case 'not-ready':
      return { kind: 'error', headline: 'Nothing was generated. Fix these first:', lines: describeProblems(outcome.problems) };
    case 'aborted': {
      const advice = abortAdvice(outcome.code);
      // Nothing was written, so no tag line may speak of a marker or a fallback text in the document.
      const tagLines = outcome.tags.map((tag) => {
        const line = describeTag(tag);
        delete line.advice;
        return line;
      });
      return {
        kind: 'error',
        headline: `Nothing was written to the document. ${outcome.message}`,
        lines: [...(advice ? [{ text: advice }] : []), ...tagLines],
      };
    }
    case 'generated': {
      const troubled = outcome.tags.filter((tag) => tag.status !== 'generated' || (tag.warnings?.length ?? 0) > 0);
      return {
        kind: troubled.length > 0 ? 'warning' : 'success',
        headline: `Preview ready: ${plural(outcome.tags.length, 'tag')} in ${seconds(outcome.durationMs)}. Nothing is written until you accept.`,
        lines: troubled.map(describeTag),
      };
    }
    case 'written': {
      const fallback = outcome.tags.filter((tag) => tag.status === 'fallback').length;
      const failed = outcome.tags.filter((tag) => tag.status === 'failed' || tag.status === 'skipped').length;
      const where = outcome.copy ? 'the copy' : 'the document';
      let headline = `Filled ${plural(outcome.tags.length, 'AI tag')} and ${plural(outcome.fieldsReplaced, 'field')} in ${where} in ${seconds(outcome.durationMs)}.`;
      if (fallback + failed > 0) {
        const parts: string[] = [];
        if (fallback > 0) parts.push(`${plural(fallback, 'tag')} used the fallback text`);
        if (failed > 0) parts.push(`${plural(failed, 'tag')} failed`);
        headline += ` ${parts.join(', ')}.`;
      }
      const warned = outcome.tags.some((tag) => (tag.warnings?.length ?? 0) > 0);
      const view: ResultView = {
        kind: failed > 0 || fallback > 0 || warned ? 'warning' : 'success',
        headline,
        lines: outcome.tags.map((tag) => {
          const line = describeTag(tag);
          if (tag.status === 'generated') line.feedback = { fillId: outcome.fillId, tag: tag.tag };
          return line;
        }),
      };
      if (outcome.copy) view.copy = { name: outcome.copy.name, url: outcome.copy.url };
      return view;
    }
  }
}

export function describeWrite(outcome: WriteOutcome): ResultView {
  if (outcome.status === 'not-written') return { kind: 'error', headline: `Nothing was written. ${outcome.message}`, lines: [] };
  const where = outcome.copy ? 'the copy' : 'the document';
  const view: ResultView = {
    kind: 'success',
    headline: `Wrote the preview into ${where}: ${plural(outcome.aiTagOccurrences, 'AI tag place')} and ${plural(outcome.fieldsReplaced, 'field')}.`,
    lines: [],
  };
  if (outcome.copy) view.copy = { name: outcome.copy.name, url: outcome.copy.url };
  return view;
}
