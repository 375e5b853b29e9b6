import * as vscode from 'vscode';
import { WalkthroughContextKeys } from './constants';

export type WalkthroughStep = keyof typeof WalkthroughContextKeys;

const marked = new Set<WalkthroughStep>();

/** Ticks a step of the Getting Started walkthrough: call it where the thing has really happened. */
export function markWalkthroughStep(step: WalkthroughStep): void {
  if (marked.has(step)) {
    return;
  }
  marked.add(step);
  void vscode.commands.executeCommand('setContext', WalkthroughContextKeys[step], true);
}
