import { byId, element } from '../common/dom';
import type { ResultView } from './outcome-text';
import { tagFeedbackControls } from './tag-feedback';

/** #result: what the last action did (class success, warning or error). */

export function showResult(view: ResultView): void {
  const result = byId('result');
  result.className = `result ${view.kind}`;
  const children: Node[] = [element('p', { class: 'headline' }, view.headline)];
  if (view.lines.length > 0) {
    children.push(
      element(
        'ul',
        {},
        ...view.lines.map((line) =>
          element(
            'li',
            { class: line.kind ?? '' },
            line.text,
            line.label ? element('span', { class: 'label last-good-answer' }, line.label) : null,
            line.advice ? element('span', { class: 'advice' }, line.advice) : null,
            ...(line.warnings ?? []).map((warning) => element('span', { class: 'tag-warning' }, warning)),
            line.feedback ? tagFeedbackControls(line.feedback.fillId, line.feedback.tag) : null,
          ),
        ),
      ),
    );
  }
  if (view.copy) {
    children.push(
      element(
        'p',
        {},
        element('a', { id: 'copy-link', href: view.copy.url, target: '_blank', rel: 'noopener noreferrer' }, `Open “${view.copy.name}”`),
        element('span', { class: 'secondary' }, ' (new tab)'),
      ),
    );
  }
  result.replaceChildren(...children);
  result.hidden = false;
  reveal(result);
}

/** Brings the result into view: the tag editors above it can be long. */
function reveal(result: HTMLElement): void {
  result.scrollIntoView?.({ block: 'nearest' });
}

export function showResultText(text: string, kind: ResultView['kind'] | 'busy'): void {
  const result = byId('result');
  result.className = `result ${kind}`;
  result.replaceChildren(element('p', { class: 'headline' }, text));
  result.hidden = false;
  reveal(result);
}

export function clearResult(): void {
  const result = byId('result');
  result.className = 'result';
  result.replaceChildren();
  result.hidden = true;
}
