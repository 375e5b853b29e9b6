import * as vscode from 'vscode';
import { ApiKeyService } from './apiKey';
import { registerApiKeyCommands } from './commands/apiKey';
import { registerCreateVariationsCommands } from './commands/createVariations';
import { registerGalleryCommands } from './commands/gallery';
import { onDidChangeConfig, readConfig } from './config';
import { LOG_CHANNEL_NAME } from './constants';
import { Galleries } from './gallery/galleries';
import { ResultSaver } from './gallery/save';
import { LastChoices } from './options/lastChoices';
import { createClientFactory, describeFailure, emulatorNoticeFor } from './runs/clientFactory';
import { RunQueue } from './runs/queue';
import { RunManager } from './runs/runManager';
import { GenerationStore, generationFolder } from './runs/store';
import { workspaceStoreFileSystem } from './runs/workspaceStoreFs';

/** What the integration tests reach through the value `activate` returns. */
export interface FluxReduxTestApi {
  runs: RunManager;
  galleries: Galleries;
  store: GenerationStore;
}

export function activate(context: vscode.ExtensionContext): FluxReduxTestApi | undefined {
  const log = vscode.window.createOutputChannel(LOG_CHANNEL_NAME, { log: true });
  context.subscriptions.push(log);
  try {
    return wire(context, log);
  } catch (error) {
    // VS Code shows nothing when activation throws; say it ourselves.
    const message = error instanceof Error ? error.message : String(error);
    log.error(`Activation failed: ${message}`);
    void vscode.window.showErrorMessage(vscode.l10n.t('Flux Redux could not start: {0}', message));
    return undefined;
  }
}

function wire(context: vscode.ExtensionContext, log: vscode.LogOutputChannel): FluxReduxTestApi {
  const storageRoot = context.globalStorageUri;
  const store = new GenerationStore(workspaceStoreFileSystem(storageRoot));
  const generationFolderUri = (id: string) => vscode.Uri.joinPath(storageRoot, ...generationFolder(id).split('/'));

  const keys = new ApiKeyService(context.secrets);
  const clients = createClientFactory({ keys, log });
  const queue = new RunQueue(readConfig().concurrency);
  const runs = new RunManager(
    {
      store,
      createClient: () => clients.current(),
      describe: describeFailure,
      now: () => Date.now(),
      random: Math.random,
      log: (message) => log.info(message),
    },
    queue,
  );
  const saver = new ResultSaver({
    generationFileUri: (id, fileName) => vscode.Uri.joinPath(generationFolderUri(id), fileName),
    saveFolderSetting: () => readConfig().saveFolder,
    log: (message) => log.info(message),
  });
  const galleries = new Galleries({
    extensionUri: context.extensionUri,
    runs,
    saver,
    generationFolderUri,
    emulatorNotice: emulatorNoticeFor,
    log,
    recordPostedMessages: context.extensionMode === vscode.ExtensionMode.Test,
  });

  context.subscriptions.push(
    keys,
    { dispose: () => runs.dispose() },
    galleries,
    galleries.registerSerializer(),
    registerApiKeyCommands(keys),
    registerCreateVariationsCommands({
      runs,
      galleries,
      keys,
      lastChoices: new LastChoices(context.globalState),
      log,
      apiOrigin: () => clients.apiOrigin(),
    }),
    registerGalleryCommands({ runs, galleries, store, log }),
    onDidChangeConfig(() => {
      queue.setLimit(readConfig().concurrency);
      clients.invalidate();
    }),
  );
  return { runs, galleries, store };
}

export function deactivate(): void {}
