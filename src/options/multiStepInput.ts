/**
 * The widgets of a multi-step input: one QuickPick or InputBox per question, with the step
 * counter, a Back button from the second step on, and Escape meaning "cancel everything".
 * The order of steps lives in stepFlow.ts; this file only asks and reports the answer.
 */
import * as vscode from 'vscode';
import { isSeparator, type PickListEntry } from './pickItems';
import type { StepPosition } from './stepFlow';

export type InputAnswer<T> = { kind: 'value'; value: T } | { kind: 'back' } | { kind: 'cancel' };

export interface PickQuestion<T> {
  title: string;
  at: StepPosition;
  placeholder: string;
  entries: readonly PickListEntry<T>[];
  /** Where the cursor starts; by default on the entry marked current. */
  activeLabel?: string;
}

export interface TextQuestion {
  title: string;
  at: StepPosition;
  prompt: string;
  placeholder?: string;
  value: string;
  /** A message shown under the box while the text is not acceptable; Enter is refused then. */
  validate(text: string): string | undefined;
}

interface EntryItem<T> extends vscode.QuickPickItem {
  value?: T;
}

/** Marks the value in force now; the icon is visual only, the words stay in the label. */
const CURRENT_MARK = '$(check)';

function toItems<T>(entries: readonly PickListEntry<T>[]): EntryItem<T>[] {
  return entries.map((entry) =>
    isSeparator(entry)
      ? { label: entry.separator, kind: vscode.QuickPickItemKind.Separator }
      : {
          label: entry.label,
          description: entry.current ? `${CURRENT_MARK} ${entry.description ?? vscode.l10n.t('current')}` : entry.description,
          detail: entry.detail,
          value: entry.value,
        },
  );
}

export class MultiStepInput implements vscode.Disposable {
  /**
   * The widget of the last question stays open until the next one is shown, so the quick input
   * does not flicker closed and open between steps.
   */
  private current: vscode.QuickInput | undefined;

  pick<T>(question: PickQuestion<T>): Promise<InputAnswer<T>> {
    const quickPick = vscode.window.createQuickPick<EntryItem<T>>();
    quickPick.title = question.title;
    quickPick.step = question.at.step;
    quickPick.totalSteps = question.at.totalSteps;
    quickPick.placeholder = question.placeholder;
    quickPick.ignoreFocusOut = true;
    quickPick.matchOnDescription = true;
    quickPick.matchOnDetail = false;
    quickPick.buttons = question.at.canGoBack ? [vscode.QuickInputButtons.Back] : [];
    const items = toItems(question.entries);
    quickPick.items = items;
    const activeIndex = question.entries.findIndex((entry) =>
      !isSeparator(entry) && (question.activeLabel !== undefined ? entry.label === question.activeLabel : entry.current),
    );
    if (activeIndex >= 0) {
      quickPick.activeItems = [items[activeIndex]];
    }
    return this.ask(quickPick, (settle) => [
      quickPick.onDidAccept(() => {
        const chosen = quickPick.selectedItems[0] ?? quickPick.activeItems[0];
        if (chosen && chosen.value !== undefined) {
          settle({ kind: 'value', value: chosen.value });
        }
      }),
    ]);
  }

  input(question: TextQuestion): Promise<InputAnswer<string>> {
    const inputBox = vscode.window.createInputBox();
    inputBox.title = question.title;
    inputBox.step = question.at.step;
    inputBox.totalSteps = question.at.totalSteps;
    inputBox.prompt = question.prompt;
    inputBox.placeholder = question.placeholder;
    inputBox.value = question.value;
    inputBox.ignoreFocusOut = true;
    inputBox.buttons = question.at.canGoBack ? [vscode.QuickInputButtons.Back] : [];
    return this.ask(inputBox, (settle) => [
      inputBox.onDidChangeValue((text) => {
        inputBox.validationMessage = question.validate(text);
      }),
      inputBox.onDidAccept(() => {
        const problem = question.validate(inputBox.value);
        inputBox.validationMessage = problem;
        if (problem === undefined) {
          settle({ kind: 'value', value: inputBox.value });
        }
      }),
    ]);
  }

  /** Shows the widget and settles once: on an answer, Back, or hiding (Escape). */
  private ask<T>(
    widget: vscode.QuickInput & Pick<vscode.InputBox, 'onDidTriggerButton'>,
    listen: (settle: (answer: InputAnswer<T>) => void) => vscode.Disposable[],
  ): Promise<InputAnswer<T>> {
    return new Promise<InputAnswer<T>>((resolve) => {
      let settled = false;
      const subscriptions: vscode.Disposable[] = [];
      const settle = (answer: InputAnswer<T>): void => {
        if (settled) {
          return;
        }
        settled = true;
        for (const subscription of subscriptions) {
          subscription.dispose();
        }
        resolve(answer);
      };
      subscriptions.push(
        ...listen(settle),
        widget.onDidTriggerButton((button) => {
          if (button === vscode.QuickInputButtons.Back) {
            settle({ kind: 'back' });
          }
        }),
        // Fires on Escape, and also when the next step replaces this widget; by then this
        // question is settled and the hide means nothing.
        widget.onDidHide(() => settle({ kind: 'cancel' })),
      );
      const previous = this.current;
      this.current = widget;
      widget.show();
      previous?.dispose();
    });
  }

  dispose(): void {
    this.current?.dispose();
    this.current = undefined;
  }
}
