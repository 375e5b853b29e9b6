import * as vscode from 'vscode';
import { Commands, REVEAL_RUNNING_COMMAND } from '../constants';
import type { Galleries } from '../gallery/galleries';
import { assertNever } from '../shared/guards';
import type { LiveRuns } from './liveRuns';
import { statusBarModel } from './statusBarModel';

/** "2 variations running" while this window has runs queued or running; hidden when idle. */
export class HistoryStatusBar implements vscode.Disposable {
  private readonly item = vscode.window.createStatusBarItem('fluxRedux.running', vscode.StatusBarAlignment.Left, 10);
  private readonly disposables: vscode.Disposable[];

  constructor(
    private readonly live: LiveRuns,
    private readonly galleries: Pick<Galleries, 'show'>,
  ) {
    this.item.name = vscode.l10n.t('Flux Redux runs');
    this.item.command = REVEAL_RUNNING_COMMAND;
    this.disposables = [
      this.item,
      live.onDidChange(() => this.update()),
      vscode.commands.registerCommand(REVEAL_RUNNING_COMMAND, () => this.reveal()),
    ];
  }

  /** What the item shows now (integration tests read it). */
  get shown(): { text: string; visible: boolean } {
    const model = statusBarModel(this.live.activeIds());
    return { text: model.kind === 'shown' ? model.text : '', visible: model.kind === 'shown' };
  }

  private update(): void {
    const model = statusBarModel(this.live.activeIds());
    if (model.kind === 'hidden') {
      this.item.hide();
      return;
    }
    this.item.text = model.text;
    this.item.tooltip = model.tooltip;
    this.item.accessibilityInformation = { label: model.text.replace(/^\$\([^)]*\)\s*/, '') };
    this.item.show();
  }

  private async reveal(): Promise<void> {
    const model = statusBarModel(this.live.activeIds());
    switch (model.kind) {
      case 'hidden':
        return;
      case 'shown': {
        const target = model.target;
        if (target.kind === 'gallery') {
          const record = this.live.get(target.generationId)?.record;
          if (record) {
            this.galleries.show(record.id, { sourceName: record.source.name, sourceUri: record.source.uri });
          }
        } else {
          await vscode.commands.executeCommand(Commands.showHistory);
        }
        return;
      }
      default:
        assertNever(model);
    }
  }

  dispose(): void {
    for (const d of this.disposables) {
      d.dispose();
    }
  }
}
