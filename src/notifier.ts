import * as vscode from 'vscode';
import type { NotificationLevel, Probe } from './probe';

/**
 * Every notification the extension shows goes through here, and is reported to the probe, so
 * tests can read what a user would have read (and check that nothing secret is in it).
 */
/** A question asked before something that cannot be undone, shown as a modal. */
export interface ModalQuestion {
  message: string;
  /** The consequence, in whole sentences under the message. */
  detail: string;
  /** The button that goes ahead; the modal's own Cancel declines. */
  action: string;
}

/** Answers a modal in tests (a real one cannot be answered from the extension host): the action, or undefined for Cancel. */
export type ModalAnswerer = (question: ModalQuestion) => string | undefined;

export class Notifier {
  private modalAnswerer: ModalAnswerer | undefined;
  private modal: ModalPresenter = systemModalPresenter;

  constructor(private readonly probe: Probe) {}

  /** Whether the user chose the action; reported to the probe like every notification. */
  async confirm(question: ModalQuestion): Promise<boolean> {
    this.probe.notified({ level: 'warning', message: question.message, actions: [question.action] });
    const answer = this.modalAnswerer
      ? this.modalAnswerer(question)
      : await vscode.window.showWarningMessage(question.message, { modal: true, detail: question.detail }, question.action);
    return answer === question.action;
  }

  /** For test mode only (the extension hands it to tests, never to the product); undefined shows real modals again. */
  answerModalsWith(answerer: ModalAnswerer | undefined): void {
    this.modalAnswerer = answerer;
  }

  /**
   * An error the user must read whole before anything else happens: a modal shows all of it (a
   * notification cuts it to one line). Resolves when the user has closed it.
   */
  async modalError(message: string, detail: string): Promise<void> {
    this.probe.notified({ level: 'error', message, actions: [], modal: { detail } });
    await this.modal(message, detail);
  }

  /** Test mode only: a real modal cannot be answered from the extension host. */
  setModalPresenter(presenter: ModalPresenter | undefined): void {
    this.modal = presenter ?? systemModalPresenter;
  }

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

/** Shows a modal error and resolves when it is closed. */
export type ModalPresenter = (message: string, detail: string) => Thenable<unknown>;

const systemModalPresenter: ModalPresenter = (message, detail) => vscode.window.showErrorMessage(message, { modal: true, detail });
