import type { LineageCrumbView, LineageView } from '../shared/protocol';
import { el } from './dom';

/**
 * A Vary run's breadcrumb ("Variation of harbour.png › variation 2"), the same in the gallery
 * header and the history rows. Crumbs of runs that still exist are buttons that open their
 * gallery; a deleted one is plain text, and the note says the parent is gone. Text goes in
 * through textContent only.
 */
export function renderLineage(view: LineageView, open: (crumb: LineageCrumbView & { generationId: string }) => void): HTMLElement {
  const [before = '', after = ''] = view.template.split('{0}');
  const parts: (Node | string)[] = [];
  if (before) {
    parts.push(el('span', { className: 'lineage-text', text: before }));
  }
  view.crumbs.forEach((crumb, position) => {
    if (position > 0) {
      parts.push(el('span', { className: 'lineage-separator', text: view.separator, attrs: { 'aria-hidden': 'true' } }));
    }
    const { generationId } = crumb;
    if (generationId === undefined) {
      parts.push(el('span', { className: 'lineage-crumb is-gone', text: crumb.label, attrs: { title: crumb.title } }));
      return;
    }
    const link = el('button', {
      className: 'lineage-crumb lineage-link',
      text: crumb.label,
      attrs: { type: 'button', title: crumb.title, 'aria-label': crumb.title ?? crumb.label, 'data-generation-id': generationId },
    });
    link.addEventListener('click', () => open({ ...crumb, generationId }));
    parts.push(link);
  });
  if (after) {
    parts.push(el('span', { className: 'lineage-text', text: after }));
  }
  if (view.note) {
    parts.push(el('span', { className: 'lineage-note', text: view.note }));
  }
  return el('nav', { className: 'lineage', attrs: { 'aria-label': view.text, 'data-testid': 'lineage' } }, parts);
}
