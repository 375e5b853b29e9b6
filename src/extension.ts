import * as vscode from 'vscode';
import { abortableSleep } from './api/backoff';
import { PollLimiter } from './api/pollLimiter';
import { ApiKeyService } from './apiKey';
import { registerApiKeyCommands } from './commands/apiKey';
import { registerCreateVariationsCommands } from './commands/createVariations';
import { registerSavePresetCommand } from './commands/savePreset';
import { repeatFromStoredCopy } from './commands/retryRun';
import { varyResult } from './commands/vary';
import type { RunCommandDeps } from './commands/runCommandDeps';
import { registerGalleryCommands } from './commands/gallery';
import { LOG_CHANNEL_NAME } from './constants';
import { Galleries } from './gallery/galleries';
import { createHistoryStorage, type HistoryStorage } from './history/indexServices';
import { markFavourite } from './history/favourites';
import { registerHistory, type History } from './history/registerHistory';
import { vscodeHistoryFiles } from './history/vscodeHistoryFiles';
import { disposeImaging, prepareUpload } from './imaging/prepareUpload';
import { ResultSaver } from './gallery/save';
import * as l10n from '@vscode/l10n';
import { LastChoices } from './options/lastChoices';
import { Notifier, systemSaveDialog, type ModalAnswerer, type ModalPresenter, type SaveDialog } from './notifier';
import { RecordingProbe, silentProbe } from './probe';
import { AsyncRefusalMemory } from './runs/asyncRefusals';
import { ReadyTimesMemory } from './runs/readyTimesMemory';
import { PaidCallLedger } from './runs/paidCalls';
import { COST_SETTLE_MS, RunCostMeter } from './runs/runCost';
import { createClientFactory, emulatorNoticeFor } from './runs/clientFactory';
import { describeFailure } from './runs/runFailure';
import { EarlyUploads } from './runs/earlyUploads';
import { RunEstimates } from './runs/estimates';
import { RunQueue } from './runs/queue';
import { contentHash, UploadCache } from './runs/uploadCache';
import { RunManager } from './runs/runManager';
import { RunLeases, type RunOwnership } from './runs/lease';
import { LocalRunOwnership } from './runs/leaseLocal';
import { type ResumeScan, startResumeScan } from './runs/resumeScan';
import { UnfinishedRunFiles, UnfinishedRunsInMemory } from './runs/unfinishedRuns';
import { GenerationStore } from './runs/store';
import { generationFolder } from './runs/generationIds';
import { nodeStoreFileSystem, nodeStoreLock } from './runs/nodeStoreFs';
import { workspaceStoreFileSystem } from './runs/workspaceStoreFs';
import { removeLeftoversLater, storeWriteFailureTeller } from './runs/storeUpkeep';
import type { StoreWriteFailure } from './runs/storeWrite';
import { performRunAction, type RunActionHost } from './runs/runActions';
import type { GenerationRecord } from './runs/record';
import type { ActionId } from './shared/protocol';
import { errorMessage } from './shared/errorMessage';
import { PreparedUploads } from './source/preparedUploads';
import { logIgnoredWorkspaceSettings, onDidChangeConfig, readConfig } from './vscodeConfig';
import { markWalkthroughStep } from './walkthroughProgress';

/** What the integration tests reach through the value `activate` returns (in test mode only). */
export interface FluxReduxTestApi {
  runs: RunManager;
  galleries: Galleries;
  store: GenerationStore;
  /** The *Variations* view, its live runs and the status bar item. */
  history: History;
  /** The history's index, thumbnails and storage cap (the benchmark and the cap's tests reach them). */
  historyStorage: HistoryStorage;
  /** The notifications shown, the messages posted to galleries, and `painted` reports. */
  probe: RecordingProbe;
  /** What "Run with current settings" starts from; the benchmark sets the outputs through it. */
  lastChoices: LastChoices;
  /** Where the log channel and storage live, so tests can search them. */
  logUri: vscode.Uri;
  globalStorageUri: vscode.Uri;
  storageUri: vscode.Uri | undefined;
  /** Which window owns each running run; the leases live under global storage. */
  ownership: RunOwnership;
  /** The startup scan that resumes the runs a reload cut off. */
  resumeScan: ResumeScan;
  /** How long activate() took, for the benchmark. */
  activationMs?: number;
  /** Tests answer save dialogs through this (a real dialog cannot be answered from here). */
  setSaveDialog(dialog: SaveDialog | undefined): void;
  /** Tests answer modals (Clear API Key's question) through this; undefined shows real ones again. */
  answerModals(answerer: ModalAnswerer | undefined): void;
  /** Tests answer modal errors through this (a real modal cannot be answered from here either). */
  setModalPresenter(presenter: ModalPresenter | undefined): void;
}

export function activate(context: vscode.ExtensionContext): FluxReduxTestApi | undefined {
  const activationStarted = performance.now();
  // The plain modules (api, imaging, options, runs) translate through @vscode/l10n: hand it the
  // bundle VS Code loaded for the display language (none for English, where messages stay as written).
  if (vscode.l10n.bundle) {
    l10n.config({ contents: vscode.l10n.bundle });
  }
  const log = vscode.window.createOutputChannel(LOG_CHANNEL_NAME, { log: true });
  context.subscriptions.push(log);
  try {
    const api = wire(context, log);
    const activationMs = performance.now() - activationStarted;
    log.info(`Activated in ${activationMs.toFixed(1)} ms`);
    return api ? { ...api, activationMs } : undefined;
  } catch (error) {
    // VS Code shows nothing when activation throws; say it ourselves.
    const message = errorMessage(error);
    log.error(`Activation failed: ${message}`);
    void vscode.window.showErrorMessage(vscode.l10n.t('Flux Redux could not start: {0}', message));
    return undefined;
  }
}

function wire(context: vscode.ExtensionContext, log: vscode.LogOutputChannel): FluxReduxTestApi | undefined {
  const storageRoot = context.globalStorageUri;
  const testMode = context.extensionMode === vscode.ExtensionMode.Test;
  const recording = testMode ? new RecordingProbe() : undefined;
  const probe = recording ?? silentProbe;
  const storeOptions = { onWriteFailure: (failure: StoreWriteFailure) => void tellStoreWriteFailure(failure) };
  const store = storageRoot.scheme === 'file'
    ? new GenerationStore(probe.storeFileSystem(nodeStoreFileSystem(storageRoot.fsPath)), nodeStoreLock(storageRoot.fsPath), storeOptions)
    : new GenerationStore(probe.storeFileSystem(workspaceStoreFileSystem(storageRoot)), undefined, storeOptions);
  const tellStoreWriteFailure = storeWriteFailureTeller(store, {
    warn: (message) => notifier.warn(message),
    log: (message) => log.warn(message),
  });
  const generationFolderUri = (id: string) => vscode.Uri.joinPath(storageRoot, ...generationFolder(id).split('/'));
  // Shared with every window through the local storage folder; a web host knows only its own runs.
  const localStorageFolder = storageRoot.scheme === 'file' ? storageRoot.fsPath : undefined;
  const ownership: RunOwnership = localStorageFolder
    ? new RunLeases({ root: localStorageFolder, owner: vscode.env.sessionId, log: (message) => log.info(message) })
    : new LocalRunOwnership();
  const unfinished = localStorageFolder ? new UnfinishedRunFiles(localStorageFolder) : new UnfinishedRunsInMemory();

  const notifier = new Notifier(probe);
  let saveDialog: SaveDialog = systemSaveDialog;
  const keys = new ApiKeyService(context.secrets);
  const clients = createClientFactory({
    keys,
    log,
    // One gate for the window: polls of every run together stay at one a second.
    pollGate: new PollLimiter({ now: () => Date.now(), sleep: abortableSleep }),
    asyncRefusals: new AsyncRefusalMemory(context.globalState, () => Date.now()),
    // Read at this window's first poll, not now; kept across reloads and windows.
    readyTimes: new ReadyTimesMemory(context.globalState, () => Date.now(), (message) => log.warn(message)),
  });
  const queue = new RunQueue(readConfig().concurrency);
  const uploadCache = new UploadCache(context.globalState, () => Date.now());
  const lastChoices = new LastChoices(context.globalState);
  const earlyUploads = new EarlyUploads({
    upload: (payload, signal) => clients.current().uploadAsset(payload, { signal }),
    account: () => keys.accountTag(),
    lookup: (apiOrigin, account, hash) => uploadCache.lookup(apiOrigin, account, hash),
    remember: (apiOrigin, account, hash, path) => uploadCache.remember(apiOrigin, account, hash, path),
    hash: contentHash,
    log: (message) => log.info(message),
  });
  const runs = new RunManager(
    {
      store,
      createClient: () => clients.current(),
      describe: describeFailure,
      // Keyed by the tag of the key the client sends (SecretStorage or ONEMIN_AI_API_KEY alike).
      knownUploads: (apiOrigin) => ({
        account: () => keys.accountTag(),
        lookup: (account, hash) => uploadCache.lookup(apiOrigin, account, hash),
        remember: (account, hash, path) => uploadCache.remember(apiOrigin, account, hash, path),
        forget: (account, hash) => uploadCache.forget(apiOrigin, account, hash),
        pending: (account, hash) => earlyUploads.pending(apiOrigin, account, hash),
      }),
      hash: contentHash,
      // Shared by every window through globalState: another window's paid call voids this run's cost.
      costMeter: new RunCostMeter({
        ledger: new PaidCallLedger(context.globalState, () => Date.now()),
        now: () => Date.now(),
        sleep: (ms) => abortableSleep(ms),
        settleMs: COST_SETTLE_MS,
        log: (message) => log.info(message),
      }),
      now: () => Date.now(),
      random: Math.random,
      log: (message) => log.info(message),
      currentApiOrigin: () => clients.apiOrigin(),
      ownership,
      unfinished,
    },
    queue,
  );
  // After activation, never in it: the scan reads the list of unfinished runs and resumes them.
  const resumeScan = startResumeScan({
    unfinishedIds: () => runs.unfinishedIds(),
    recover: (id) => runs.recover(id),
    log: (message) => log.info(message),
  });
  const saver = new ResultSaver({
    readGenerationFile: (id, fileName) => store.readFile(id, fileName),
    saveFolderSetting: () => readConfig().saveFolder,
    embedRecipe: () => readConfig().embedRecipe,
    toolVersion: String((context.extension.packageJSON as { version?: unknown }).version),
    log: (message) => log.info(message),
    saveDialog: () => saveDialog,
  });
  const updateRecord = (id: string, mutate: (record: GenerationRecord) => void | false) => runs.updateRecord(id, mutate);
  // The gallery's buttons and the notifications' buttons do the same things (src/runs/runActions.ts).
  const runAction = (record: GenerationRecord, action: ActionId) => performRunAction(action, record, runActionHost);
  // Past runs are read once, in the background, when this window's first run starts.
  const estimates = new RunEstimates({ readPast: () => historyStorage.index?.readAll() ?? Promise.resolve([]), log: (message) => log.warn(message) });
  const galleries = new Galleries({
    extensionUri: context.extensionUri,
    runs,
    saver,
    generationFolderUri,
    emulatorNotice: emulatorNoticeFor,
    readGenerationFile: (id, fileName) => store.readFile(id, fileName),
    log,
    notifier,
    probe,
    runAction,
    setFavourite: async (id, resultId, favourite) => {
      await updateRecord(id, markFavourite({ kind: 'result', resultId }, favourite));
    },
    vary: (record, result) => varyResult(runCommandDeps, record, result, generationFolderUri(record.id)),
    loadRecord: (id) => store.load(id),
    typicalSeconds: (record) => estimates.typicalSeconds(record),
  });
  const historyStorage = createHistoryStorage({ storageRoot, store, runs, log, onListed: (records) => estimates.learn(records) });
  const historyFiles = vscodeHistoryFiles(generationFolderUri);
  const history = registerHistory({
    extensionUri: context.extensionUri,
    globalStorageUri: storageRoot,
    generationsUri: vscode.Uri.joinPath(storageRoot, 'generations'),
    generationFolderUri,
    records: historyStorage.records,
    loadRecord: (id) => store.load(id),
    files: historyFiles,
    runs,
    updateRecord,
    runAgain: (record) => runAction(record, 'runAgain'),
    // The leases answer for every window on this disk; a web host keeps the history's own guess.
    ...(localStorageFolder ? { isRunningAnywhere: (id: string) => runs.isRunningAnywhere(id) } : {}),
    galleries,
    notifier,
    log,
    probe,
    vary: (record, result) => varyResult(runCommandDeps, record, result, generationFolderUri(record.id)),
    typicalSeconds: (record) => estimates.typicalSeconds(record),
  });
  const runCommandDeps: RunCommandDeps = {
    runs,
    saver,
    store,
    galleries,
    keys,
    lastChoices,
    log,
    notifier,
    // One cache per extension host: a repeat run on the same image skips decoding and scaling.
    preparedUploads: new PreparedUploads(prepareUpload),
    config: readConfig,
    apiOrigin: () => clients.apiOrigin(),
    uploadEarly: (payload) => earlyUploads.start(clients.apiOrigin(), payload),
    runAction,
  };
  const runActionHost: RunActionHost = {
    executeCommand: (command, ...args) => vscode.commands.executeCommand(command, ...args),
    retryRun: (record) => repeatFromStoredCopy(runCommandDeps, record, 'reproduce'),
    runAgain: (record) => repeatFromStoredCopy(runCommandDeps, record, 'runAgain'),
    fetchLater: (record) => runs.fetchLater(record.id),
    log: (message) => log.warn(message),
  };

  context.subscriptions.push(
    keys,
    resumeScan,
    // Gives live runs up without marking them (the next start resumes them), then stops the heartbeats.
    { dispose: () => runs.dispose() },
    ownership,
    earlyUploads,
    galleries,
    galleries.registerSerializer(),
    registerApiKeyCommands(keys, notifier),
    registerCreateVariationsCommands(runCommandDeps),
    registerSavePresetCommand({ loadRecord: async (id) => (await runs.get(id))?.record, lastChoices, config: readConfig, notifier, log }),
    registerGalleryCommands({ runs, galleries, store, log, notifier, generationFolderUri }),
    ...history.disposables,
    runs.onDidChange((record) => estimates.observe(record)),
    ...historyStorage.start({ isRunningHere: (id) => history.live.isRunning(id), files: historyFiles, refresh: () => history.view.refresh() }),
    ...tickWalkthroughSteps(keys, runs),
    onDidChangeConfig(() => {
      queue.setLimit(readConfig().concurrency);
      clients.invalidate();
    }),
    logIgnoredWorkspaceSettings(log),
    removeLeftoversLater(store, (message) => log.info(message)),
  );
  if (!recording) {
    return undefined;
  }
  return {
    runs,
    galleries,
    store,
    history,
    ownership,
    resumeScan,
    historyStorage,
    probe: recording,
    lastChoices,
    logUri: context.logUri,
    globalStorageUri: context.globalStorageUri,
    storageUri: context.storageUri,
    setSaveDialog: (dialog) => {
      saveDialog = testMode && dialog ? dialog : systemSaveDialog;
    },
    answerModals: (answerer) => notifier.answerModalsWith(answerer),
    setModalPresenter: (presenter) => notifier.setModalPresenter(presenter),
  };
}

/** The walkthrough's key and run steps tick when a key is there and when a run really starts. */
function tickWalkthroughSteps(keys: ApiKeyService, runs: RunManager): { dispose(): void }[] {
  const tickIfKeySet = () => {
    void keys.current().then((key) => key && markWalkthroughStep('apiKeySet'), () => undefined);
  };
  // Not at activation: the extension starts with the window (onStartupFinished), and a step whose
  // context key is already set when the walkthrough is first opened never ticks in that window.
  // A key already there ticks its step with the first run instead.
  return [
    keys.onDidChange(tickIfKeySet),
    // Only RunManager.start reports a record as queued; saves and progress of old runs do not.
    runs.onDidChange((record) => {
      if (record.phase === 'queued') {
        tickIfKeySet();
        markWalkthroughStep('runStarted');
      }
    }),
  ];
}

export function deactivate(): Promise<void> {
  // The imaging workers are threads of this process: end them with the extension.
  return disposeImaging();
}
