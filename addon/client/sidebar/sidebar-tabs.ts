import { byId } from '../common/dom';

/** The sidebar's two panels as tabs (WAI-ARIA tabs pattern: arrow keys move between them). */
export function mountSidebarTabs(onSelect: (tab: 'fill' | 'bulk') => void): void {
  const tabs = ['fill', 'bulk'] as const;
  const select = (chosen: (typeof tabs)[number], focus: boolean) => {
    for (const tab of tabs) {
      const button = byId<HTMLButtonElement>(`tab-${tab}`);
      const selected = tab === chosen;
      button.setAttribute('aria-selected', String(selected));
      button.tabIndex = selected ? 0 : -1;
      byId(`panel-${tab}`).hidden = !selected;
      if (selected && focus) button.focus();
    }
    onSelect(chosen);
  };
  for (const [index, tab] of tabs.entries()) {
    const button = byId<HTMLButtonElement>(`tab-${tab}`);
    button.addEventListener('click', () => {
      if (button.getAttribute('aria-selected') !== 'true') select(tab, false);
    });
    button.addEventListener('keydown', (event) => {
      if (event.key !== 'ArrowRight' && event.key !== 'ArrowLeft') return;
      event.preventDefault();
      const next = tabs[(index + (event.key === 'ArrowRight' ? 1 : tabs.length - 1)) % tabs.length] ?? 'fill';
      select(next, true);
    });
  }
}
