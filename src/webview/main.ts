import { isHostMessage, type GalleryStrings, type GalleryView, type HostMessage, type WebviewMessage } from '../shared/protocol';
import { assertNever } from '../shared/guards';
import { Gallery } from './gallery';

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

function isSavedState(value: unknown): value is SavedState {
  return isHostMessage({ type: 'init', ...(value as object) });
}

const vscode = acquireVsCodeApi();
const root = document.getElementById('app') ?? document.body;
const gallery = new Gallery(root, (message) => vscode.postMessage(message));

let strings: GalleryStrings | undefined;

const saved = vscode.getState();
if (isSavedState(saved)) {
  strings = saved.strings;
  gallery.setStrings(saved.strings);
  gallery.render(saved.view);
}

function handle(message: HostMessage): void {
  switch (message.type) {
    case 'init':
      if (message.reportPainted) {
        gallery.reportPainted();
      }
      strings = message.strings;
      gallery.setStrings(message.strings);
      gallery.render(message.view);
      vscode.setState({ strings: message.strings, view: message.view });
      return;
    case 'update':
      gallery.render(message.view);
      if (strings) {
        vscode.setState({ strings, view: message.view });
      }
      return;
    case 'focusResult':
      gallery.focusResult(message.resultId);
      return;
    default:
      assertNever(message);
  }
}

window.addEventListener('message', (event: MessageEvent<unknown>) => {
  if (isHostMessage(event.data)) {
    handle(event.data);
  }
});

vscode.postMessage({ type: 'ready' });
