/** One run of the history as DOM: built with el() (text through textContent only), never innerHTML. */
import { historyFileUrl, type HistoryRunView, type HistoryStrings, type HistoryThumbView, type HistoryWebviewMessage } from '../../shared/historyProtocol';
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

/**
 * A button with a codicon and an accessible name; `label` is shown beside the icon unless empty.
 * `nav` names its place in a row, so Up and Down land on the same button of the next row.
 */
export function actionButton(
  codicon: string,
  label: string,
  accessibleName: string,
  onClick: () => void,
  options: { extraClass?: string; nav: string; pressed?: boolean },
): HTMLButtonElement {
  const button = el('button', {
    className: `action${options.extraClass ? ` ${options.extraClass}` : ''}${label ? '' : ' icon-only'}`,
    attrs: {
      type: 'button',
      'aria-label': accessibleName,
      title: accessibleName,
      'data-nav': options.nav,
      'aria-pressed': options.pressed === undefined ? undefined : String(options.pressed),
    },
  }, [icon(codicon), label ? el('span', { className: 'action-label', text: label }) : null]);
  button.addEventListener('click', onClick);
  return button;
}

/** The list shows thumbnails only, never a stored full-size file; a placeholder until one is made. */
function thumbnail(src: string | undefined, alt: string, className = ''): HTMLElement {
  return src !== undefined
    ? el('img', { className, attrs: { src, alt, loading: 'lazy', decoding: 'async' } })
    : el('span', { className: `${className} placeholder`.trim(), attrs: { role: 'img', 'aria-label': alt } });
}

/** Vary sends its offer's token once; the row the host sends next brings a new offer. */
function varyButton(generationId: string, thumb: HistoryThumbView, offer: NonNullable<HistoryThumbView['vary']>, strings: HistoryStrings, post: Post): HTMLButtonElement {
  const resultId = thumb.resultId;
  const button = actionButton('sparkle', strings.vary ?? '', fill(strings.varyTitle, thumb.index), () => {
    if (button.getAttribute('aria-disabled') === 'true') {
      return;
    }
    button.setAttribute('aria-disabled', 'true');
    post({ type: 'vary', generationId, resultId, token: offer.token });
  }, { nav: 'result-vary' });
  button.dataset.action = 'vary';
  return button;
}

/** The star of a run or a result: a toggle button whose pressed state is the mark. */
function favouriteButton(favourite: boolean, label: string, name: string, onClick: () => void, nav: string): HTMLButtonElement {
  return actionButton(favourite ? 'star-full' : 'star-empty', label, name, onClick, { extraClass: 'favourite', nav, pressed: favourite });
}

/** The selected result of each row survives a rebuild of the row (a progress update). */
export type SelectedResults = Map<string, string>;

/** What every row is built with. */
export interface RowEnv {
  strings: HistoryStrings;
  post: Post;
  selected: SelectedResults;
  /** The view's `filesBase`: thumbnails are files of the run's folder under it. */
  filesBase: string;
}

export function renderRun(run: HistoryRunView, env: RowEnv): HTMLLIElement {
  const { strings, post } = env;
  const id = run.id;
  const fileUrl = (name: string | undefined) => (name === undefined ? undefined : historyFileUrl(env.filesBase, id, name));
  const stateIcon = icon(STATE_ICONS[run.state.kind], run.state.kind === 'running' ? 'codicon-modifier-spin' : '');
  const runFavourite = favouriteButton(
    run.favourite,
    '',
    fill(run.favourite ? strings.unfavouriteRunOf : strings.favouriteRunOf, run.sourceName),
    () => post({ type: 'setFavourite', generationId: id, favourite: !run.favourite }),
    'favourite-run',
  );
  const results = run.thumbs.length === 0
    ? el('p', { className: 'no-results', text: strings.noResults })
    : renderResults(run, env, fileUrl);
  return el('li', { className: `run state-${run.state.kind}`, attrs: { 'data-id': id } }, [
    el('article', { attrs: { 'aria-label': `${run.sourceName}, ${run.when}` } }, [
      el('header', { className: 'run-head' }, [
        thumbnail(fileUrl(run.sourceThumbnail), '', 'source'),
        el('div', { className: 'run-title' }, [
          el('span', { className: 'name', text: run.sourceName, attrs: { title: run.sourceName } }),
          el('time', { className: 'when', text: run.when, attrs: { datetime: run.createdAt } }),
        ]),
        runFavourite,
      ]),
      run.lineage ? renderLineage(run.lineage, (crumb) => post({ type: 'openGallery', generationId: crumb.generationId })) : null,
      el('p', { className: 'summary', text: run.summary }),
      el('p', { className: 'state' }, [
        stateIcon,
        el('span', { text: run.state.words }),
        // A breadcrumb that says "parent deleted" says it already: the badge is for rows without one.
        run.parentDeleted && !run.lineage?.note
          ? el('span', { className: 'badge parent-deleted', text: strings.parentDeleted, attrs: { title: strings.parentDeletedTitle } })
          : null,
      ]),
      results,
      el('div', { className: 'actions', attrs: { 'data-nav-group': 'run' } }, [
        actionButton('preview', strings.openGallery, fill(strings.openGalleryOf, run.sourceName), () => post({ type: 'openGallery', generationId: id }), { nav: 'open-gallery' }),
        actionButton('go-to-file', strings.revealSource, fill(strings.revealSourceOf, run.sourceName), () => post({ type: 'revealSource', generationId: id }), { nav: 'reveal-source' }),
        run.runAgain
          ? actionButton('debug-rerun', run.runAgain.label, fill(strings.runAgainOf, run.runAgain.title), () => {
            post({ type: 'runAgain', generationId: id, token: run.runAgain!.token });
          }, { nav: 'run-again' })
          : null,
        run.state.kind === 'running'
          ? null
          : actionButton('trash', strings.deleteRun, fill(strings.deleteRunOf, run.sourceName), () => post({ type: 'deleteRun', generationId: id }), { extraClass: 'danger', nav: 'delete' }),
      ]),
    ]),
  ]);
}

/**
 * The strip of results and the bar of the selected one. A click (or Left and Right) selects a
 * result; the bar below acts on it; a double click opens it.
 */
function renderResults(run: HistoryRunView, env: RowEnv, fileUrl: (name: string | undefined) => string | undefined): HTMLElement {
  const { strings, post, selected } = env;
  const current = run.thumbs.find((thumb) => thumb.resultId === selected.get(run.id)) ?? run.thumbs[0];
  const bar = el('div', { className: 'result-bar', attrs: { role: 'group', 'data-nav-group': 'result' } });
  const buttons: HTMLButtonElement[] = [];
  const select = (thumb: HistoryThumbView) => {
    selected.set(run.id, thumb.resultId);
    for (const button of buttons) {
      button.setAttribute('aria-pressed', String(button.dataset.resultId === thumb.resultId));
    }
    fillResultBar(bar, run.id, thumb, strings, post);
  };
  const strip = el('ul', { className: 'thumbs', attrs: { 'aria-label': fill(strings.resultsLabel, run.sourceName) } },
    run.thumbs.map((thumb) => {
      const button = el('button', {
        className: 'thumb',
        attrs: {
          type: 'button',
          'aria-label': thumb.favourite ? `${thumb.alt} (${strings.favouriteMark})` : thumb.alt,
          'aria-pressed': String(thumb === current),
          title: thumb.alt,
          'data-nav': 'thumb',
          'data-result-id': thumb.resultId,
        },
      }, [
        thumbnail(fileUrl(thumb.thumbnail), ''),
        thumb.favourite ? icon('star-full', 'thumb-star') : null,
      ]);
      button.addEventListener('click', () => select(thumb));
      button.addEventListener('dblclick', () => post({ type: 'openResult', generationId: run.id, resultId: thumb.resultId }));
      buttons.push(button);
      return el('li', {}, [button]);
    }));
  fillResultBar(bar, run.id, current, strings, post);
  return el('div', { className: 'results' }, [strip, bar]);
}

function fillResultBar(bar: HTMLElement, generationId: string, thumb: HistoryThumbView, strings: HistoryStrings, post: Post): void {
  const resultId = thumb.resultId;
  const name = thumb.alt;
  bar.setAttribute('aria-label', fill(strings.resultActions, name));
  bar.replaceChildren(
    el('span', { className: 'result-name', text: name, attrs: { title: name } }),
    actionButton('link-external', '', fill(strings.openResult, name), () => post({ type: 'openResult', generationId, resultId }), { nav: 'result-open' }),
    actionButton('diff', '', fill(strings.compareOf, name), () => post({ type: 'compareResult', generationId, resultId }), { nav: 'result-compare' }),
    actionButton('save', '', fill(strings.saveOf, name), () => post({ type: 'saveResult', generationId, resultId }), { nav: 'result-save' }),
    actionButton('save-as', '', fill(strings.saveAsOf, name), () => post({ type: 'saveResultAs', generationId, resultId }), { nav: 'result-save-as' }),
    favouriteButton(
      thumb.favourite,
      '',
      fill(thumb.favourite ? strings.unfavouriteResultOf : strings.favouriteResultOf, name),
      () => post({ type: 'setFavourite', generationId, resultId, favourite: !thumb.favourite }),
      'result-favourite',
    ),
    ...(thumb.vary ? [varyButton(generationId, thumb, thumb.vary, strings, post)] : []),
  );
}
