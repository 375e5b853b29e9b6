/**
 * The one contract between the extension host and the gallery webview.
 * Types and runtime guards only: no `vscode`, no DOM. Both bundles import this file.
 *
 * The host owns all state and sends the whole view on each change (it is small: a few results);
 * the webview renders it and sends back intents naming results by id, never by path.
 */
import { isRecord } from './guards';
import { hasOnlyKeys, isGenerationId, isOfferToken, isResultId } from './idShapes';
import { isImageFormat, type ImageFormat } from './imageFormat';

/** Where a run is. `startedAt` values are epoch milliseconds from the host's clock. */
export type RunStateView =
  | { kind: 'queued'; position: number }
  | { kind: 'uploading'; percent: number }
  /** `typicalSeconds` only when it comes from something real (the user's own past runs), never a guess. */
  | { kind: 'generating'; startedAt: number; typicalSeconds?: number }
  | { kind: 'downloading'; done: number; total: number }
  | { kind: 'done'; withheld: number }
  | { kind: 'failed'; message: string; actions: ActionView[]; mayBeCharged: boolean }
  /** `actions`: Fetch Results Later, when the server had accepted the run. */
  | { kind: 'cancelled'; mayBeCharged: boolean; actions?: ActionView[] }
  | { kind: 'interrupted'; mayBeCharged: boolean; actions?: ActionView[] };

export type RunStateKind = RunStateView['kind'];

/** A button the host offers after a failure or a cancel; the webview echoes `id` back in `runAction`. */
export interface ActionView {
  id: ActionId;
  label: string;
}

/**
 * `retryRun` is the button labelled Reproduce (it was Try again): the id stays, since records
 * keep the actions their failure offered.
 */
export const ACTION_IDS = ['setApiKey', 'showLog', 'openSettings', 'retryRun', 'fetchLater', 'runAgain'] as const;
export type ActionId = (typeof ACTION_IDS)[number];

/** Actions that start a new paid run: the webview may ask for one only with a token it was offered. */
export const PAID_ACTION_IDS = ['runAgain', 'retryRun'] as const satisfies readonly ActionId[];
export type PaidActionId = (typeof PAID_ACTION_IDS)[number];

export function isPaidAction(action: ActionId): action is PaidActionId {
  return (PAID_ACTION_IDS as readonly string[]).includes(action);
}

/**
 * A paid action the host offers, good for one request: the webview sends `token` back with
 * `runAction`, and the host starts a run only for a token it offered and nobody used yet.
 */
export interface RunOfferView {
  action: PaidActionId;
  label: string;
  /** What the run will be, e.g. "Same source and settings, a new seed". */
  title: string;
  token: string;
}

export interface ResultView {
  id: string;
  /** 1-based position among the requested outputs. */
  index: number;
  status: 'pending' | 'ready' | 'failed';
  /** A webview URI (asWebviewUri) of the stored file. Never raw bytes. */
  src?: string;
  width?: number;
  height?: number;
  format?: ImageFormat;
  bytes?: number;
  /** Workspace-relative or absolute path the result was last saved to, for the "Saved" state. */
  savedTo?: string;
  /** Why a download failed; the webview offers "Retry download". */
  error?: string;
  /**
   * Global storage refused the file: its bytes live only in this window's memory, so there is no
   * `src`; they come in a `heldImage` message and the card says to save them.
   */
  notStored?: true;
  /** Marked a favourite (the history keeps its run). */
  favourite?: boolean;
  /** Vary: a new run from this stored result, offered once a result is ready; good for one request. */
  vary?: VaryOfferView;
}

/** The Vary offer of one result: its words, and the one-time token the request must carry. */
export interface VaryOfferView {
  label: string;
  /** What the run will be, for the tooltip. */
  title: string;
  token: string;
}

/**
 * Where a Vary run came from, as a breadcrumb: "Variation of harbour.png › variation 2". Built by
 * the host (src/runs/lineageView.ts) in the user's words; the gallery header and the history rows
 * render it the same way.
 */
export interface LineageView {
  /** The sentence around the crumbs, with `{0}` where they go: "Variation of {0}". */
  template: string;
  /** Oldest first: the first run's source, then each result varied since. */
  crumbs: LineageCrumbView[];
  /** Separator between crumbs: " › ". */
  separator: string;
  /** Set when the parent run was deleted: "parent deleted". */
  note?: string;
  /** The whole breadcrumb as one line of text (accessible name, tooltips, tests). */
  text: string;
}

export interface LineageCrumbView {
  label: string;
  /** The run whose gallery the crumb opens; absent when that run was deleted. */
  generationId?: string;
  /** The result the crumb names, focused when its gallery opens. */
  resultId?: string;
  /** Longer words for the tooltip: "Open the gallery of harbour.png". */
  title?: string;
}

export interface ChipView {
  /** Short label shown to the user, e.g. "16:9", "2 outputs", "seed 42". */
  label: string;
  /** Longer accessible description, e.g. "Aspect ratio 16:9". */
  title: string;
}

export interface GalleryView {
  generationId: string;
  sourceName: string;
  /** Webview URI of the stored copy of the source image. */
  sourceSrc: string;
  chips: ChipView[];
  /** Set when the API base is a local emulator, so no one mistakes its output for the model's. */
  emulatorNotice?: string;
  requested: number;
  state: RunStateView;
  results: ResultView[];
  /** The account's figures (its total, not this run's). */
  credits?: { used: number; limit: number };
  /** What this run cost, in credits; only when the account's figures could tell it (src/runs/runCost.ts). */
  runCost?: number;
  /** Server record id, shown for support questions. */
  recordId?: string;
  /** Run again and Reproduce, once the run has finished; each offer is good for one request. */
  offers?: RunOfferView[];
  /**
   * `resumed`: a later start of the extension picked the run up after its window ended;
   * `elsewhere`: it is live in another window, which alone writes it.
   */
  runNote?: 'resumed' | 'elsewhere';
  /** For a Vary run: what it came from (the header's breadcrumb). */
  lineage?: LineageView;
}

/** Every user-visible word in the webview comes from the host (vscode.l10n lives there). */
export type GalleryStrings = Record<string, string>;

export type HostMessage =
  /** `reportPainted` asks for `painted` reports; the host sets it only in test mode (tests, the benchmark). */
  | { type: 'init'; strings: GalleryStrings; view: GalleryView; reportPainted?: boolean }
  | { type: 'update'; view: GalleryView }
  | { type: 'focusResult'; resultId: string }
  /** The bytes of a result that is `notStored`, shown from a blob: URL the webview makes of them. */
  | { type: 'heldImage'; resultId: string; format: ImageFormat; bytes: Uint8Array };

/** A result file's ceiling (the download limit), so a bad message cannot make a huge blob. */
export const HELD_IMAGE_MAX_BYTES = 50 * 1024 * 1024;

/** The id of the page's JSON data block that carries the first `init`, so it paints on load. */
export const FIRST_VIEW_ELEMENT_ID = 'first-view';

export type WebviewMessage =
  | { type: 'ready' }
  | { type: 'save'; resultId: string }
  | { type: 'saveAs'; resultId: string }
  | { type: 'open'; resultId: string }
  /** A click on the name a result was saved as: show that file (in the Explorer when it is in the workspace). */
  | { type: 'revealSaved'; resultId: string }
  | { type: 'saveAll' }
  | { type: 'cancel' }
  | { type: 'retryDownload'; resultId: string }
  /** The card's star: marks or unmarks a result as a favourite. */
  | { type: 'favourite'; resultId: string; favourite: boolean }
  /** `token` comes with a paid action (an offer from the view) and with nothing else. */
  | { type: 'runAction'; action: ActionId; token?: string }
  /** Copy the run's settings (script options JSON, model included) or its seed; the host copies. */
  | { type: 'copySettings' }
  | { type: 'copySeed' }
  /** Vary a result: a paid action, so only with the token of that result's offer. */
  | { type: 'vary'; resultId: string; token: string }
  /** A breadcrumb link: open the gallery of a run of this one's lineage (the host checks it is one). */
  | { type: 'openLineage'; generationId: string; resultId?: string }
  /**
   * Only after an `init` with `reportPainted`: every listed result's image `decode()` resolved at
   * `at` (epoch ms). The benchmark's first-paint time.
   */
  | { type: 'painted'; resultIds: string[]; at: number }
  /**
   * Only when asked, as `painted`: the first view was on screen at `at`, painted `from` the view
   * embedded in the page, the saved state, or the `init` message. `scriptAt`: the gallery script
   * began; `documentAt`: the page began loading (performance.timeOrigin); `thumbnailAt`: the
   * source thumbnail decoded, if it did. All epoch ms; the benchmark's time to first paint.
   */
  | {
    type: 'firstPaint';
    from: FirstPaintSource;
    at: number;
    scriptAt: number;
    documentAt: number;
    thumbnailAt?: number;
  };

export const FIRST_PAINT_SOURCES = ['page', 'state', 'init'] as const;
export type FirstPaintSource = (typeof FIRST_PAINT_SOURCES)[number];

export type WebviewMessageType = WebviewMessage['type'];

/**
 * The host's edge check: anything the webview sends passes through here first.
 * Unknown types, extra fields, and ids that do not look like ours are all refused.
 */
export function parseWebviewMessage(value: unknown): WebviewMessage | undefined {
  if (!isRecord(value) || typeof value.type !== 'string') {
    return undefined;
  }
  switch (value.type) {
    case 'ready':
    case 'saveAll':
    case 'cancel':
    case 'copySettings':
    case 'copySeed':
      return hasOnlyKeys(value, ['type']) ? { type: value.type } : undefined;
    case 'save':
    case 'saveAs':
    case 'open':
    case 'revealSaved':
    case 'retryDownload':
      return hasOnlyKeys(value, ['type', 'resultId']) && isResultId(value.resultId)
        ? { type: value.type, resultId: value.resultId }
        : undefined;
    case 'runAction':
      return parseRunAction(value);
    case 'favourite':
      return hasOnlyKeys(value, ['type', 'resultId', 'favourite']) && isResultId(value.resultId) && typeof value.favourite === 'boolean'
        ? { type: 'favourite', resultId: value.resultId, favourite: value.favourite }
        : undefined;
    case 'vary':
      return hasOnlyKeys(value, ['type', 'resultId', 'token']) && isResultId(value.resultId) && isOfferToken(value.token)
        ? { type: 'vary', resultId: value.resultId, token: value.token }
        : undefined;
    case 'openLineage':
      return hasOnlyKeys(value, ['type', 'generationId', 'resultId']) &&
        isGenerationId(value.generationId) &&
        (value.resultId === undefined || isResultId(value.resultId))
        ? { type: 'openLineage', generationId: value.generationId, ...(value.resultId !== undefined ? { resultId: value.resultId } : {}) }
        : undefined;
    case 'painted':
      return hasOnlyKeys(value, ['type', 'resultIds', 'at']) &&
        Array.isArray(value.resultIds) &&
        value.resultIds.length <= 16 &&
        value.resultIds.every(isResultId) &&
        typeof value.at === 'number' &&
        Number.isFinite(value.at)
        ? { type: 'painted', resultIds: [...value.resultIds] as string[], at: value.at }
        : undefined;
    case 'firstPaint':
      return parseFirstPaint(value);
    default:
      return undefined;
  }
}

function parseRunAction(value: Record<string, unknown>): WebviewMessage | undefined {
  const { action, token } = value;
  if (!hasOnlyKeys(value, ['type', 'action', 'token']) || typeof action !== 'string' || !(ACTION_IDS as readonly string[]).includes(action)) {
    return undefined;
  }
  const id = action as ActionId;
  if (isPaidAction(id)) {
    return isOfferToken(token) ? { type: 'runAction', action: id, token } : undefined;
  }
  return token === undefined ? { type: 'runAction', action: id } : undefined;
}

function isEpochMs(value: unknown): value is number {
  return typeof value === 'number' && Number.isFinite(value) && value >= 0;
}

function parseFirstPaint(value: Record<string, unknown>): WebviewMessage | undefined {
  const { from, at, scriptAt, documentAt, thumbnailAt } = value;
  if (
    !hasOnlyKeys(value, ['type', 'from', 'at', 'scriptAt', 'documentAt', 'thumbnailAt']) ||
    typeof from !== 'string' ||
    !(FIRST_PAINT_SOURCES as readonly string[]).includes(from) ||
    !isEpochMs(at) ||
    !isEpochMs(scriptAt) ||
    !isEpochMs(documentAt) ||
    (thumbnailAt !== undefined && !isEpochMs(thumbnailAt))
  ) {
    return undefined;
  }
  return {
    type: 'firstPaint',
    from: from as FirstPaintSource,
    at,
    scriptAt,
    documentAt,
    ...(thumbnailAt !== undefined ? { thumbnailAt } : {}),
  };
}

/** The webview's edge check for what the host sends (cheap, but keeps a bad render from crashing). */
export function isHostMessage(value: unknown): value is HostMessage {
  if (!isRecord(value)) {
    return false;
  }
  switch (value.type) {
    case 'init':
      return (
        isRecord(value.strings) &&
        isRecord(value.view) &&
        (value.reportPainted === undefined || typeof value.reportPainted === 'boolean')
      );
    case 'update':
      return isRecord(value.view);
    case 'focusResult':
      return isResultId(value.resultId);
    case 'heldImage':
      return (
        isResultId(value.resultId) &&
        isImageFormat(value.format) &&
        value.bytes instanceof Uint8Array &&
        value.bytes.byteLength > 0 &&
        value.bytes.byteLength <= HELD_IMAGE_MAX_BYTES
      );
    default:
      return false;
  }
}
