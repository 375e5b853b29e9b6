import { assertNever } from '../../shared/guards';
import {
  isHistoryHostMessage,
  type HistoryHostMessage,
  type HistoryStrings,
  type HistoryView,
  type HistoryWebviewMessage,
} from '../../shared/historyProtocol';
import { HistoryList, type ToggleChoices } from './historyList';
import { HistoryPaintReporter, imagesOnScreen } from './paintReport';
import { ProgressiveRender } from './progressiveRender';

interface VsCodeApi {
  postMessage(message: HistoryWebviewMessage): void;
  getState(): unknown;
  setState(state: SavedState): void;
}

declare function acquireVsCodeApi(): VsCodeApi;

/** What survives the view being hidden: the list, the filter and the toggles, painted at once when shown again. */
interface SavedState {
  strings: HistoryStrings;
  view: HistoryView;
  filter: string;
  toggles?: ToggleChoices;
  /** Test mode asked for paint reports: a page shown again reports the paint from its state too. */
  reportPaint?: boolean;
}

function isSavedState(value: unknown): value is SavedState {
  const state = value as Partial<SavedState> | undefined;
  return typeof state?.filter === 'string' && isHistoryHostMessage({ type: 'init', strings: state.strings, view: state.view });
}

function isToggleChoices(value: unknown): value is ToggleChoices {
  const choices = value as Partial<ToggleChoices> | undefined;
  return typeof choices?.favourites === 'boolean' && (choices.thisWorkspace === undefined || typeof choices.thisWorkspace === 'boolean');
}

const vscode = acquireVsCodeApi();
const root = document.getElementById('app') ?? document.body;
const list = new HistoryList(root, (message) => vscode.postMessage(message), () => save());
const progressive = new ProgressiveRender(list);
let strings: HistoryStrings | undefined;
let reportPaint = false;
const paintReporter = new HistoryPaintReporter((message) => vscode.postMessage(message), () => imagesOnScreen(root, window.innerHeight));

function save(): void {
  if (strings) {
    vscode.setState({ strings, view: progressive.view, filter: list.filterText, toggles: list.toggleChoices, ...(reportPaint ? { reportPaint } : {}) });
  }
}

function handle(message: HistoryHostMessage, receivedAt: number): void {
  switch (message.type) {
    case 'init':
      strings = message.strings;
      list.setStrings(message.strings);
      progressive.show(message.view);
      reportPaint = message.reportPaint === true;
      if (reportPaint) {
        paintReporter.rendered('init', receivedAt);
      }
      break;
    case 'runs':
      progressive.show(message.view);
      break;
    case 'run':
      progressive.update(message.run);
      break;
    default:
      assertNever(message);
  }
  save();
}

const stateReadAt = Date.now();
const saved = vscode.getState();
if (isSavedState(saved)) {
  strings = saved.strings;
  list.setStrings(saved.strings);
  list.filterText = saved.filter;
  if (isToggleChoices(saved.toggles)) {
    list.toggleChoices = saved.toggles;
  }
  progressive.show(saved.view);
  reportPaint = saved.reportPaint === true;
  if (reportPaint) {
    paintReporter.rendered('state', stateReadAt);
  }
}
root.addEventListener('input', save);

window.addEventListener('message', (event: MessageEvent<unknown>) => {
  const receivedAt = Date.now();
  if (isHistoryHostMessage(event.data)) {
    handle(event.data, receivedAt);
  }
});

vscode.postMessage({ type: 'ready' });
