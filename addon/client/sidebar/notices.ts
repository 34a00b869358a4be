import type { SidebarState } from '../../shared/sidebar-contract';
import { byId, element } from '../common/dom';

/** The header: document name, budget banner, setup notice and one-off notices. */

export function renderHeader(sidebar: SidebarState): void {
  byId('document-name').textContent = sidebar.documentName;
  const banner = byId('budget-banner');
  const notice = byId('notice');
  banner.hidden = true;
  notice.hidden = true;
  if (!sidebar.backend.reachable) {
    showBox(
      notice,
      `The backend cannot be reached: ${sidebar.backend.error} Saved configurations and generation are unavailable until it is back.`,
      'error',
    );
    return;
  }
  const session = sidebar.backend.session;
  if (session.budgetLevel !== 'normal') {
    const levels = { alert: 'Budget alert', critical: 'Budget almost used up', exhausted: 'Budget exhausted' };
    banner.replaceChildren(element('strong', {}, `${levels[session.budgetLevel]}: `), session.budgetMessage ?? '');
    banner.className = `banner ${session.budgetLevel}`;
    banner.hidden = false;
  }
  if (!session.providerConfigured || session.setupHint) {
    showBox(notice, session.setupHint ?? 'No AI provider is configured for your organisation yet: ask an admin to add one.', 'warning');
  }
}

function showBox(box: HTMLElement, text: string, kind: 'warning' | 'error' | 'info'): void {
  box.textContent = text;
  box.className = `notice ${kind}`;
  box.hidden = false;
}

/** A dismissible message under the header (restored drafts, save results). */
export function showMessage(text: string, kind: 'warning' | 'error' | 'info' = 'info'): void {
  const box = byId('message');
  const close = element('button', { type: 'button', class: 'link', 'aria-label': 'Dismiss this message' }, 'Dismiss');
  close.addEventListener('click', () => {
    box.hidden = true;
  });
  box.replaceChildren(element('span', {}, text), ' ', close);
  box.className = `notice ${kind}`;
  box.hidden = false;
}

export function renderProblems(problems: SidebarState['scan']['problems']): void {
  const section = byId('problems');
  byId('problem-list').replaceChildren(
    ...problems.map((problem) =>
      element(
        'li',
        {},
        element('code', {}, problem.text),
        ` — ${problem.message} `,
        element('span', { class: 'secondary' }, `(${problem.where})`),
      ),
    ),
  );
  section.hidden = problems.length === 0;
}
