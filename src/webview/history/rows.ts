/** One run of the history as DOM: built with el() (text through textContent only), never innerHTML. */
import type { HistoryRunView, HistoryStrings, HistoryWebviewMessage } from '../../shared/historyProtocol';
import { el, icon } from '../dom';

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

/** The list shows thumbnails only, never a stored full-size file; a placeholder until one is made. */
function thumbnail(src: string | undefined, alt: string, className = ''): HTMLElement {
  return src
    ? el('img', { className, attrs: { src, alt, loading: 'lazy', decoding: 'async' } })
    : el('span', { className: `${className} placeholder`.trim(), attrs: { role: 'img', 'aria-label': alt } });
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
        }, [thumbnail(thumb.thumbnailSrc, thumb.alt)]);
        button.addEventListener('click', () => post({ type: 'openResult', generationId: id, resultId: thumb.resultId }));
        return el('li', {}, [button]);
      }));
  return el('li', { className: `run state-${run.state.kind}`, attrs: { 'data-id': id } }, [
    el('article', { attrs: { 'aria-label': `${run.sourceName}, ${run.when}` } }, [
      el('header', { className: 'run-head' }, [
        thumbnail(run.sourceThumbnailSrc, '', 'source'),
        el('div', { className: 'run-title' }, [
          el('span', { className: 'name', text: run.sourceName, attrs: { title: run.sourceName } }),
          el('time', { className: 'when', text: run.when, attrs: { datetime: run.createdAt } }),
        ]),
      ]),
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
