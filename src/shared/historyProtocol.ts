/**
 * The one contract between the extension host and the history view (the *Variations* view in
 * the activity bar). Types and runtime guards only: no `vscode`, no DOM; both bundles import it.
 *
 * The host owns the list and sends it whole when it is (re)read, and one run when it changes;
 * the webview filters what it holds and sends back intents naming runs and results by id.
 */
import { isRecord } from './guards';
import { hasOnlyKeys, isGenerationId, isOfferToken, isResultId } from './idShapes';
import type { LineageView } from './protocol';

/** The state of a run in the list; `unfinished` is a run no task of this window owns that never ended. */
export const HISTORY_STATE_KINDS = ['running', 'done', 'partial', 'failed', 'cancelled', 'interrupted', 'unfinished'] as const;
export type HistoryStateKind = (typeof HISTORY_STATE_KINDS)[number];

export interface HistoryThumbView {
  resultId: string;
  index: number;
  /**
   * Its ≤ 256 px WebP thumbnail's file name in the run's folder (`HistoryView.filesBase` makes
   * the URI); absent while it is being made (show a placeholder). The list never shows a full
   * result, so the stored file's name is not sent.
   */
  thumbnail?: string;
  /** "Variation 2 of harbour.png" */
  alt: string;
  favourite: boolean;
  /**
   * Vary this result: a paid action, offered with a one-time token (src/commands/varyOffers.ts).
   * Its words are the view's strings (`vary`, `varyTitle`), not repeated on each of 4,000 thumbs.
   */
  vary?: { token: string };
}

/** Run Again as the history offers it: the token buys one run (src/gallery/runOffers.ts). */
export interface HistoryRunOffer {
  token: string;
  label: string;
  /** What the run will be, for the tooltip. */
  title: string;
}

export interface HistoryRunView {
  id: string;
  sourceName: string;
  /** The source's ≤ 256 px WebP thumbnail's file name in the run's folder; absent while it is being made. */
  sourceThumbnail?: string;
  /** ISO time the run started, for `<time datetime>`. */
  createdAt: string;
  /** The same time in words of the user's language. */
  when: string;
  /** The settings in short ("Flux Redux Dev · 4:3 · 2 outputs · webp …"). */
  summary: string;
  state: { kind: HistoryStateKind; words: string };
  thumbs: HistoryThumbView[];
  /** What the filter box matches, lower case: source name, seed, aspect ratio, format, model. */
  search: string;
  /** The run itself is a favourite (its results carry their own marks). */
  favourite: boolean;
  /** Its root ancestor's source is inside an open workspace folder (*This workspace*). */
  inWorkspace: boolean;
  /** It was made from a run that has been deleted since. */
  parentDeleted: boolean;
  /** Present once the run has ended. */
  runAgain?: HistoryRunOffer;
  /** For a Vary run: what it came from, as the gallery header says it; links open galleries. */
  lineage?: LineageView;
}

export interface HistoryView {
  runs: HistoryRunView[];
  /**
   * The webview URI of the generations folder: a file of a run is `<filesBase>/<run id>/<file>`.
   * One base instead of a URI per image keeps the list message small with a long history.
   */
  filesBase: string;
  /** What fluxRedux.history.maxStorageMB last removed in this window, in words; absent when nothing was. */
  storageNote?: string;
  /** A folder is open: *This workspace* is offered, and on unless the user turned it off. */
  workspaceOpen: boolean;
}

/** The URI of a file of a run's folder, from the view's one base URI (file names and ids are encoded). */
export function historyFileUrl(filesBase: string, generationId: string, fileName: string): string {
  return `${filesBase}/${encodeURIComponent(generationId)}/${encodeURIComponent(fileName)}`;
}

/** Every user-visible word in the view comes from the host (vscode.l10n lives there). */
export type HistoryStrings = Record<string, string>;

export type HistoryHostMessage =
  /** `reportPaint` asks for a `painted` report; the host sets it only in test mode (tests, the benchmark). */
  /**
   * `more`: the view holds only the first screen's runs, so they paint before the rest are made
   * and sent; the whole list follows at once in a `runs` message.
   */
  | { type: 'init'; strings: HistoryStrings; view: HistoryView; more?: boolean; reportPaint?: boolean }
  /** The whole list, newest first (after a refresh, a delete, a clear). */
  | { type: 'runs'; view: HistoryView }
  /** One run changed (a live run's progress): replaced in place, or added at the top. */
  | { type: 'run'; run: HistoryRunView }
  /** The view was shown again with its page kept: test mode's page reports its paint. */
  | { type: 'shown' };

export type HistoryWebviewMessage =
  | { type: 'ready' }
  | { type: 'openGallery'; generationId: string }
  | { type: 'revealSource'; generationId: string }
  | { type: 'deleteRun'; generationId: string }
  | { type: 'openResult'; generationId: string; resultId: string }
  /** Compare a result with the stored copy of its source. */
  | { type: 'compareResult'; generationId: string; resultId: string }
  | { type: 'saveResult'; generationId: string; resultId: string }
  | { type: 'saveResultAs'; generationId: string; resultId: string }
  /** Marks (or unmarks) the run, or one result of it when `resultId` is set. */
  | { type: 'setFavourite'; generationId: string; resultId?: string; favourite: boolean }
  /** Run Again, with the token the row was offered. */
  | { type: 'runAgain'; generationId: string; token: string }
  /** Vary a result of a run: only with the token of that result's offer. */
  | { type: 'vary'; generationId: string; resultId: string; token: string }
  /**
   * Only when asked: the first screen was on screen at `at` (epoch ms) with its `thumbnails`
   * decoded, painted `from` the saved state (shown again) or the host's first list; the page
   * began loading at `documentAt` and had the list at `dataAt`.
   */
  | { type: 'painted'; from: HistoryPaintSource; at: number; thumbnails: number; documentAt: number; dataAt: number };

/** Painted from the saved state, from the host's first list, or shown again with the page kept. */
export type HistoryPaintSource = 'state' | 'init' | 'shown';


function isTime(value: unknown): value is number {
  return typeof value === 'number' && Number.isFinite(value);
}

/**
 * The host's edge check: anything the history webview sends passes through here first.
 * Unknown types, extra fields and ids that do not look like ours are refused.
 */
export function parseHistoryWebviewMessage(value: unknown): HistoryWebviewMessage | undefined {
  if (!isRecord(value) || typeof value.type !== 'string') {
    return undefined;
  }
  switch (value.type) {
    case 'ready':
      return hasOnlyKeys(value, ['type']) ? { type: 'ready' } : undefined;
    case 'painted':
      return hasOnlyKeys(value, ['type', 'from', 'at', 'thumbnails', 'documentAt', 'dataAt']) &&
        (value.from === 'state' || value.from === 'init' || value.from === 'shown') &&
        isTime(value.at) && isTime(value.documentAt) && isTime(value.dataAt) &&
        typeof value.thumbnails === 'number' && Number.isInteger(value.thumbnails) && value.thumbnails >= 0
        ? { type: 'painted', from: value.from, at: value.at, thumbnails: value.thumbnails, documentAt: value.documentAt, dataAt: value.dataAt }
        : undefined;
    case 'openGallery':
    case 'revealSource':
    case 'deleteRun':
      return hasOnlyKeys(value, ['type', 'generationId']) && isGenerationId(value.generationId)
        ? { type: value.type, generationId: value.generationId }
        : undefined;
    case 'openResult':
    case 'compareResult':
    case 'saveResult':
    case 'saveResultAs':
      return hasOnlyKeys(value, ['type', 'generationId', 'resultId']) &&
        isGenerationId(value.generationId) &&
        isResultId(value.resultId)
        ? { type: value.type, generationId: value.generationId, resultId: value.resultId }
        : undefined;
    case 'setFavourite':
      return parseSetFavourite(value);
    case 'runAgain':
      return hasOnlyKeys(value, ['type', 'generationId', 'token']) &&
        isGenerationId(value.generationId) &&
        typeof value.token === 'string' &&
        isOfferToken(value.token)
        ? { type: 'runAgain', generationId: value.generationId, token: value.token }
        : undefined;
    case 'vary':
      return hasOnlyKeys(value, ['type', 'generationId', 'resultId', 'token']) &&
        isGenerationId(value.generationId) &&
        isResultId(value.resultId) &&
        isOfferToken(value.token)
        ? { type: 'vary', generationId: value.generationId, resultId: value.resultId, token: value.token }
        : undefined;
    default:
      return undefined;
  }
}

function parseSetFavourite(value: Record<string, unknown>): HistoryWebviewMessage | undefined {
  const { generationId, resultId, favourite } = value;
  if (
    !hasOnlyKeys(value, ['type', 'generationId', 'resultId', 'favourite']) ||
    !isGenerationId(generationId) ||
    typeof favourite !== 'boolean' ||
    (resultId !== undefined && !isResultId(resultId))
  ) {
    return undefined;
  }
  return resultId === undefined
    ? { type: 'setFavourite', generationId, favourite }
    : { type: 'setFavourite', generationId, resultId, favourite };
}

function isRunView(value: unknown): value is HistoryRunView {
  return (
    isRecord(value) &&
    typeof value.id === 'string' &&
    typeof value.sourceName === 'string' &&
    typeof value.search === 'string' &&
    isRecord(value.state) &&
    (HISTORY_STATE_KINDS as readonly string[]).includes(value.state.kind as string) &&
    Array.isArray(value.thumbs) &&
    typeof value.favourite === 'boolean' &&
    typeof value.inWorkspace === 'boolean'
  );
}

function isView(value: unknown): value is HistoryView {
  return isRecord(value) && Array.isArray(value.runs) && typeof value.filesBase === 'string' && typeof value.workspaceOpen === 'boolean' && value.runs.every(isRunView);
}

/** The webview's edge check for what the host sends (cheap, but keeps a bad render from crashing). */
export function isHistoryHostMessage(value: unknown): value is HistoryHostMessage {
  if (!isRecord(value)) {
    return false;
  }
  switch (value.type) {
    case 'init':
      return isRecord(value.strings) && isView(value.view);
    case 'runs':
      return isView(value.view);
    case 'run':
      return isRunView(value.run);
    case 'shown':
      return true;
    default:
      return false;
  }
}
