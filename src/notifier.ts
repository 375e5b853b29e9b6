import * as vscode from 'vscode';
import type { NotificationLevel, Probe } from './probe';

/**
 * Every notification the extension shows goes through here, and is reported to the probe, so
 * tests can read what a user would have read (and check that nothing secret is in it).
 */
export class Notifier {
  constructor(private readonly probe: Probe) {}

  info(message: string, ...actions: string[]): Thenable<string | undefined> {
    return this.show('info', message, actions);
  }

  warn(message: string, ...actions: string[]): Thenable<string | undefined> {
    return this.show('warning', message, actions);
  }

  error(message: string, ...actions: string[]): Thenable<string | undefined> {
    return this.show('error', message, actions);
  }

  private show(level: NotificationLevel, message: string, actions: string[]): Thenable<string | undefined> {
    this.probe.notified({ level, message, actions });
    switch (level) {
      case 'info':
        return vscode.window.showInformationMessage(message, ...actions);
      case 'warning':
        return vscode.window.showWarningMessage(message, ...actions);
      case 'error':
        return vscode.window.showErrorMessage(message, ...actions);
    }
  }
}

/** The save dialog, replaceable in tests (a real dialog cannot be answered from the extension host). */
export interface SaveDialog {
  ask(options: vscode.SaveDialogOptions): Thenable<vscode.Uri | undefined>;
}

export const systemSaveDialog: SaveDialog = {
  ask: (options) => vscode.window.showSaveDialog(options),
};
