import {
  isHistoryHostMessage,
  type HistoryStrings,
  type HistoryView,
  type HistoryWebviewMessage,
} from '../../shared/historyProtocol';
import { HistoryList, type ToggleChoices } from './historyList';
import { handleHostMessage, type PageMemory } from './hostMessages';
import { HistoryPaintReporter, imagesOnScreen } from './paintReport';

/** Runs kept in the page state: more than a tall sidebar shows. */
const SAVED_RUNS = 24;

interface VsCodeApi {
  postMessage(message: HistoryWebviewMessage): void;
  getState(): unknown;
  setState(state: SavedState): void;
}

declare function acquireVsCodeApi(): VsCodeApi;

/**
 * What survives the view being hidden: the first screen's runs, the count line, the filter and
 * the toggles, painted at once when shown again; the host sends the whole list after. Only the
 * first screen: the whole list's state cost as much again as its message with a long history.
 */
interface SavedState {
  strings: HistoryStrings;
  view: HistoryView;
  count?: string;
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
const memory: PageMemory = { strings: undefined, reportPaint: false };
const paintReporter = new HistoryPaintReporter((message) => vscode.postMessage(message), () => imagesOnScreen(root, window.innerHeight));

function save(): void {
  const { strings, reportPaint } = memory;
  if (strings) {
    vscode.setState({ strings, view: list.firstShown(SAVED_RUNS), count: list.countText, filter: list.filterText, toggles: list.toggleChoices, ...(reportPaint ? { reportPaint } : {}) });
  }
}

const stateReadAt = Date.now();
const saved = vscode.getState();
if (isSavedState(saved)) {
  memory.strings = saved.strings;
  list.setStrings(saved.strings);
  list.filterText = saved.filter;
  if (isToggleChoices(saved.toggles)) {
    list.toggleChoices = saved.toggles;
  }
  list.render(saved.view, typeof saved.count === 'string' ? saved.count : '');
  memory.reportPaint = saved.reportPaint === true;
  if (memory.reportPaint) {
    paintReporter.rendered('state', stateReadAt);
  }
}
root.addEventListener('input', save);

window.addEventListener('message', (event: MessageEvent<unknown>) => {
  const receivedAt = Date.now();
  if (isHistoryHostMessage(event.data)) {
    handleHostMessage(event.data, receivedAt, { list, paint: paintReporter, memory, save });
  }
});

vscode.postMessage({ type: 'ready' });
