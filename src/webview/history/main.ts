import { assertNever } from '../../shared/guards';
import {
  isHistoryHostMessage,
  type HistoryHostMessage,
  type HistoryStrings,
  type HistoryView,
  type HistoryWebviewMessage,
} from '../../shared/historyProtocol';
import { HistoryList, type ToggleChoices } from './historyList';

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
let strings: HistoryStrings | undefined;

function save(): void {
  if (strings) {
    vscode.setState({ strings, view: list.view, filter: list.filterText, toggles: list.toggleChoices });
  }
}

function handle(message: HistoryHostMessage): void {
  switch (message.type) {
    case 'init':
      strings = message.strings;
      list.setStrings(message.strings);
      list.render(message.view);
      break;
    case 'runs':
      list.render(message.view);
      break;
    case 'run':
      list.update(message.run);
      break;
    default:
      assertNever(message);
  }
  save();
}

const saved = vscode.getState();
if (isSavedState(saved)) {
  strings = saved.strings;
  list.setStrings(saved.strings);
  list.filterText = saved.filter;
  if (isToggleChoices(saved.toggles)) {
    list.toggleChoices = saved.toggles;
  }
  list.render(saved.view);
}
root.addEventListener('input', save);

window.addEventListener('message', (event: MessageEvent<unknown>) => {
  if (isHistoryHostMessage(event.data)) {
    handle(event.data);
  }
});

vscode.postMessage({ type: 'ready' });
