import * as vscode from 'vscode';
import { Commands } from '../constants';
import type { Galleries } from '../gallery/galleries';
import { listRecords } from '../history/listing';
import { recentRunItems } from '../history/recentRuns';
import type { RunManager } from '../runs/runManager';
import type { GenerationRecord } from '../runs/record';
import type { GenerationStore } from '../runs/store';
import type { Notifier } from '../notifier';
import { markWalkthroughStep } from '../walkthroughProgress';

export interface GalleryCommandDeps {
  runs: RunManager;
  galleries: Galleries;
  store: GenerationStore;
  log: vscode.LogOutputChannel;
  notifier: Notifier;
  generationFolderUri(generationId: string): vscode.Uri;
}

export function registerGalleryCommands(deps: GalleryCommandDeps): vscode.Disposable {
  return vscode.Disposable.from(
    vscode.commands.registerCommand(Commands.showGallery, async () => {
      const records = await listRecords(deps.store);
      if (records.length === 0) {
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
      const chosen = records.length === 1 ? records[0] : await pickRun(records, deps);
      if (!chosen) {
        return undefined;
      }
      deps.galleries.show(chosen.id, { sourceName: chosen.source.name, sourceUri: chosen.source.uri });
      return chosen.id;
    }),
    vscode.commands.registerCommand(Commands.showLog, () => {
      deps.log.show(true);
      markWalkthroughStep('logShown');
    }),
  );
}

/** With more than one run: a quick pick of the recent ones, newest first (the first is preselected). */
async function pickRun(records: readonly GenerationRecord[], deps: GalleryCommandDeps): Promise<GenerationRecord | undefined> {
  const language = vscode.env.language;
  const formatWhen = (iso: string) => {
    const date = new Date(iso);
    return Number.isNaN(date.getTime()) ? iso : date.toLocaleString(language, { dateStyle: 'medium', timeStyle: 'short' });
  };
  const items = recentRunItems(records, formatWhen, Date.now()).map((item) => ({
    label: item.label,
    description: item.description,
    detail: item.detail,
    generationId: item.generationId,
    iconPath: item.iconFile ? vscode.Uri.joinPath(deps.generationFolderUri(item.generationId), item.iconFile) : new vscode.ThemeIcon('file-media'),
  }));
  const picked = await vscode.window.showQuickPick(items, {
    title: vscode.l10n.t('Show Gallery'),
    placeHolder: vscode.l10n.t('Choose a run; the Variations view lists them all'),
    matchOnDescription: true,
    matchOnDetail: true,
  });
  return picked && records.find((record) => record.id === picked.generationId);
}
