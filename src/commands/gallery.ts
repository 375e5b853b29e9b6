import * as vscode from 'vscode';
import { Commands } from '../constants';
import type { Galleries } from '../gallery/galleries';
import type { RunManager } from '../runs/runManager';
import type { GenerationStore } from '../runs/store';
import type { Notifier } from '../notifier';
import { markWalkthroughStep } from '../walkthroughProgress';

export interface GalleryCommandDeps {
  runs: RunManager;
  galleries: Galleries;
  store: GenerationStore;
  log: vscode.LogOutputChannel;
  notifier: Notifier;
}

export function registerGalleryCommands(deps: GalleryCommandDeps): vscode.Disposable {
  return vscode.Disposable.from(
    vscode.commands.registerCommand(Commands.showGallery, async () => {
      const latest = await deps.store.latest();
      if (!latest) {
        const create = vscode.l10n.t('Create Variations…');
        const answer = await deps.notifier.info(
          vscode.l10n.t('There are no variations yet. Right-click an image in the Explorer and choose "Create Variations with Flux Redux…".'),
          create,
        );
        if (answer === create) {
          await vscode.commands.executeCommand(Commands.createVariations);
        }
        return undefined;
      }
      deps.galleries.show(latest.id, { sourceName: latest.source.name, sourceUri: latest.source.uri });
      return latest.id;
    }),
    vscode.commands.registerCommand(Commands.showLog, () => {
      deps.log.show(true);
      markWalkthroughStep('logShown');
    }),
  );
}
