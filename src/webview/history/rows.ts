/** One run of the history as DOM: built with el() (text through textContent only), never innerHTML. */
import type { HistoryRunView, HistoryStrings, HistoryThumbView, HistoryWebviewMessage } from '../../shared/historyProtocol';
import { el, icon } from '../dom';
import { renderLineage } from '../lineageCrumbs';

export type Post = (message: HistoryWebviewMessage) => void;

/** Fills `{0}`, `{1}` of a host string. */
export function fill(template: string | undefined, ...args: (string | number)[]): string {
  return (template ?? '').replace(/\{(\d+)\}/g, (match, index: string) => {
    const value = args[Number(index)];
    return value === undefined ? match : String(value);
  });
}

const STATE_ICONS: Record<HistoryRunView['state']['kind'], string> = {
  running: 'sync',
  done: 'pass',
  partial: 'warning',
  failed: 'error',
  cancelled: 'circle-slash',
  interrupted: 'debug-disconnect',
  unfinished: 'question',
};

function actionButton(codicon: string, label: string, accessibleName: string, onClick: () => void, extraClass = ''): HTMLButtonElement {
  const button = el('button', {
    className: `action${extraClass ? ` ${extraClass}` : ''}`,
    attrs: { type: 'button', 'aria-label': accessibleName, title: accessibleName },
  }, [icon(codicon), el('span', { className: 'action-label', text: label })]);
  button.addEventListener('click', onClick);
  return button;
}

/** Vary sends its offer's token once; the row the host sends next brings a new offer. */
function varyButton(generationId: string, resultId: string, offer: NonNullable<HistoryThumbView['vary']>, post: Post): HTMLButtonElement {
  const button = el('button', {
    className: 'thumb-vary',
    attrs: { type: 'button', 'aria-label': offer.title, title: offer.title, 'data-action': 'vary' },
  }, [icon('sparkle'), el('span', { className: 'action-label', text: offer.label })]);
  button.addEventListener('click', () => {
    if (button.getAttribute('aria-disabled') === 'true') {
      return;
    }
    button.setAttribute('aria-disabled', 'true');
    post({ type: 'vary', generationId, resultId, token: offer.token });
  });
  return button;
}

export function renderRun(run: HistoryRunView, strings: HistoryStrings, post: Post): HTMLLIElement {
  const id = run.id;
  const stateIcon = icon(STATE_ICONS[run.state.kind], run.state.kind === 'running' ? 'codicon-modifier-spin' : '');
  const thumbs = run.thumbs.length === 0
    ? el('p', { className: 'no-results', text: strings.noResults })
    : el('ul', { className: 'thumbs', attrs: { 'aria-label': fill(strings.resultsLabel, run.sourceName) } },
      run.thumbs.map((thumb) => {
        const button = el('button', {
          className: 'thumb',
          attrs: { type: 'button', 'aria-label': fill(strings.openResult, thumb.alt), title: thumb.alt },
        }, [el('img', { attrs: { src: thumb.src, alt: thumb.alt, loading: 'lazy', decoding: 'async' } })]);
        button.addEventListener('click', () => post({ type: 'openResult', generationId: id, resultId: thumb.resultId }));
        return el('li', {}, [button, thumb.vary ? varyButton(id, thumb.resultId, thumb.vary, post) : null]);
      }));
  return el('li', { className: `run state-${run.state.kind}`, attrs: { 'data-id': id } }, [
    el('article', { attrs: { 'aria-label': `${run.sourceName}, ${run.when}` } }, [
      el('header', { className: 'run-head' }, [
        el('img', { className: 'source', attrs: { src: run.sourceSrc, alt: '', loading: 'lazy', decoding: 'async' } }),
        el('div', { className: 'run-title' }, [
          el('span', { className: 'name', text: run.sourceName, attrs: { title: run.sourceName } }),
          el('time', { className: 'when', text: run.when, attrs: { datetime: run.createdAt } }),
        ]),
      ]),
      run.lineage ? renderLineage(run.lineage, (crumb) => post({ type: 'openGallery', generationId: crumb.generationId })) : null,
      el('p', { className: 'summary', text: run.summary }),
      el('p', { className: 'state' }, [stateIcon, el('span', { text: run.state.words })]),
      thumbs,
      el('div', { className: 'actions' }, [
        actionButton('preview', strings.openGallery, fill(strings.openGalleryOf, run.sourceName), () => post({ type: 'openGallery', generationId: id })),
        actionButton('go-to-file', strings.revealSource, fill(strings.revealSourceOf, run.sourceName), () => post({ type: 'revealSource', generationId: id })),
        run.state.kind === 'running'
          ? null
          : actionButton('trash', strings.deleteRun, fill(strings.deleteRunOf, run.sourceName), () => post({ type: 'deleteRun', generationId: id }), 'danger'),
      ]),
    ]),
  ]);
}
