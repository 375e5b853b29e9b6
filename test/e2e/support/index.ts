/** Helpers for end-to-end tests against the real VS Code workbench; import from here. */
export { startWorkbench, updateUserSettings, setColorTheme, saveFailureArtifacts } from './workbench';
export type { Workbench, WorkbenchOptions } from './workbench';
export { useWorkbench, keepArtifactsOfFailedTests } from './mocha';
export { waitForCommand, runCommand, defaultCommandTimeoutMs } from './palette';
export { explorerRow, revealExplorerRow, rightClickExplorerRow, contextMenuLabels, pickContextMenuEntry } from './explorer';
export {
  waitForQuickInput,
  waitForQuickInputClosed,
  quickInputRowLabels,
  quickInputPlaceholder,
  pickQuickPickItem,
  pickQuickPickItems,
  acceptQuickInput,
  enterQuickInputText,
  cancelQuickInput,
} from './quickInput';
export { webviewFrame, webviewViewFrame, webviewPanelShowing, waitForWebview } from './webview';
export { openSecondWindow } from './secondWindow';
export { waitForNotification, clickNotificationButton, waitForEditorTab, waitForFile, waitForFilesIn, takeScreenshot } from './workbenchUi';
export { themeSettings, waitForTheme } from './theme';
export type { ColorTheme } from './theme';
export { waitFor } from '../../harness/wait';
