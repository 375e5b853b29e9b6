import * as vscode from 'vscode';

export type NotificationLevel = 'info' | 'warning' | 'error';

export interface ShownNotification {
  level: NotificationLevel;
  message: string;
  actions: string[];
}

/**
 * Every notification the extension shows goes through here, so tests can read what a user
 * would have read (and check that nothing secret is in it).
 */
export class Notifier {
  readonly shown: ShownNotification[] = [];

  constructor(private readonly keepHistory: boolean) {}

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
    if (this.keepHistory) {
      this.shown.push({ level, message, actions });
    }
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
