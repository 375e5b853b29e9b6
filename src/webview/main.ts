import {
  FIRST_VIEW_ELEMENT_ID,
  isHostMessage,
  type FirstPaintSource,
  type GalleryStrings,
  type GalleryView,
  type HostMessage,
  type WebviewMessage,
} from '../shared/protocol';
import { assertNever } from '../shared/guards';
import { FirstPaintReporter } from './firstPaint';
import { Gallery } from './gallery';
import { HeldImages } from './heldImages';

const scriptAt = Date.now();

interface VsCodeApi {
  postMessage(message: WebviewMessage): void;
  getState(): unknown;
  setState(state: SavedState): void;
}

declare function acquireVsCodeApi(): VsCodeApi;

/** What survives the panel being hidden: enough to paint at once before the host answers. */
interface SavedState {
  strings: GalleryStrings;
  view: GalleryView;
}

type InitMessage = Extract<HostMessage, { type: 'init' }>;

function isSavedState(value: unknown): value is SavedState {
  return isHostMessage({ type: 'init', ...(value as object) });
}

/** The `init` the host put in the page (a JSON data block, never run), if there is a sound one. */
function embeddedInit(): InitMessage | undefined {
  const text = document.getElementById(FIRST_VIEW_ELEMENT_ID)?.textContent;
  if (!text) {
    return undefined;
  }
  try {
    const value: unknown = JSON.parse(text);
    return isHostMessage(value) && value.type === 'init' ? value : undefined;
  } catch {
    return undefined;
  }
}

const vscode = acquireVsCodeApi();
const root = document.getElementById('app') ?? document.body;
const gallery = new Gallery(root, (message) => vscode.postMessage(message));
const firstPaint = new FirstPaintReporter(
  (message) => vscode.postMessage(message),
  scriptAt,
  Math.round(performance.timeOrigin),
);

let strings: GalleryStrings | undefined;
const heldImages = new HeldImages();
/** The last view the host sent, as it sent it (held images are filled in at each render). */
let currentView: GalleryView | undefined;

function render(view: GalleryView): void {
  currentView = view;
  gallery.render(heldImages.withSources(view));
}

function paint(from: FirstPaintSource, nextStrings: GalleryStrings, view: GalleryView): void {
  strings = nextStrings;
  gallery.setStrings(nextStrings);
  render(view);
  firstPaint.rendered(from, gallery.sourceThumbnail());
}

function askedForReports(): void {
  gallery.reportPainted();
  firstPaint.start();
}

function handle(message: HostMessage): void {
  switch (message.type) {
    case 'init':
      if (message.reportPainted) {
        askedForReports();
      }
      paint('init', message.strings, message.view);
      vscode.setState({ strings: message.strings, view: message.view });
      return;
    case 'update':
      render(message.view);
      if (strings) {
        vscode.setState({ strings, view: message.view });
      }
      return;
    case 'focusResult':
      gallery.focusResult(message.resultId);
      return;
    case 'heldImage':
      heldImages.add(message);
      if (currentView) {
        render(currentView);
      }
      return;
    default:
      assertNever(message);
  }
}

// Paint before any message can arrive. The saved state wins over the page's view: a panel shown
// again reloads the page it was first given, while the state holds the last view it showed.
const saved = vscode.getState();
const embedded = embeddedInit();
if (isSavedState(saved)) {
  paint('state', saved.strings, saved.view);
} else if (embedded) {
  paint('page', embedded.strings, embedded.view);
  // Kept at once, so a window reloaded before the host answers still restores this panel.
  vscode.setState({ strings: embedded.strings, view: embedded.view });
}
if (embedded?.reportPainted) {
  askedForReports();
}

window.addEventListener('message', (event: MessageEvent<unknown>) => {
  if (isHostMessage(event.data)) {
    handle(event.data);
  }
});

vscode.postMessage({ type: 'ready' });
