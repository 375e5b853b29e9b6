import * as path from 'path';
import * as vscode from 'vscode';
import type { ApiKeyService } from '../apiKey';
import { Commands } from '../constants';
import { readConfig, readSetting } from '../config';
import type { Galleries } from '../gallery/galleries';
import { actionLabel } from '../gallery/panel';
import type { LastChoices } from '../options/lastChoices';
import { pickVariationOptions } from '../options/quickPicks';
import { drawRandomSeed, finalizeOptions, readSettingsDefaults, resolveChoices, type OptionChoices } from '../options/resolve';
import { validateScriptOptions } from '../options/validate';
import type { ModelId, VariationOptions } from '../options/types';
import type { EarlyUpload } from '../runs/earlyUploads';
import type { UploadPayload } from '../shared/imageFormat';
import type { GenerationRecord } from '../runs/record';
import type { RunManager } from '../runs/runManager';
import { activeImagePreviewUri, pickSourceImage } from '../source/pickSource';
import { prepareUpload, warmUpImaging, type PreparedUpload } from '../imaging/prepareUpload';
import { PreparedUploads } from '../source/preparedUploads';
import { sniffImage } from '../shared/imageFormat';
import type { Notifier } from '../notifier';

export interface CreateVariationsDeps {
  runs: RunManager;
  galleries: Galleries;
  keys: ApiKeyService;
  lastChoices: LastChoices;
  log: vscode.LogOutputChannel;
  notifier: Notifier;
  /** The API origin runs are sent to, for the record (never the key). */
  apiOrigin(): string;
  /** Starts sending a prepared source before the run is confirmed (fluxRedux.uploadEarly). */
  uploadEarly(payload: UploadPayload): EarlyUpload;
}

/** What scripts get back from `fluxRedux.createVariations(uri, options)`. */
export interface CreateVariationsResult {
  generationId: string;
  results: vscode.Uri[];
}

interface ReadSource {
  uri: vscode.Uri;
  name: string;
  bytes: Uint8Array;
}

/** A source whose upload is ready: what will be sent (scaled, stripped, converted) is known. */
interface CheckedSource {
  uri: vscode.Uri;
  name: string;
  upload: PreparedUpload;
}

const DEFAULT_MAX_UPLOAD_MB = 50;
const preparedUploads = new PreparedUploads(prepareUpload);

/** Thrown to scripts with the words the user would see. */
class UserFacingError extends Error {}

export function registerCreateVariationsCommands(deps: CreateVariationsDeps): vscode.Disposable {
  return vscode.Disposable.from(
    vscode.commands.registerCommand(Commands.createVariations, (uri?: unknown, options?: unknown) =>
      options !== undefined
        ? createForScript(deps, uri, options)
        : createInteractively(deps, isUri(uri) ? [uri] : []),
    ),
    vscode.commands.registerCommand(Commands.createVariationsFromResource, (uri?: unknown, selection?: unknown) => {
      // Explorer menus pass (clicked, all selected); editor titles pass (resource, editor context).
      const selected = Array.isArray(selection) ? selection.filter(isUri) : [];
      const sources = selected.length > 1 ? selected : isUri(uri) ? [uri] : [];
      return createInteractively(deps, sources);
    }),
  );
}

function isUri(value: unknown): value is vscode.Uri {
  return value instanceof vscode.Uri;
}

function currentModel(): ModelId {
  return readConfig().model;
}

function settingsLayer(): Partial<OptionChoices> {
  return readSettingsDefaults((key) => readSetting(key));
}

function maxUploadBytes(): number {
  const mb = Number(readSetting('maxUploadMB') ?? DEFAULT_MAX_UPLOAD_MB);
  return (Number.isFinite(mb) && mb > 0 ? mb : DEFAULT_MAX_UPLOAD_MB) * 1024 * 1024;
}

async function readSource(uri: vscode.Uri): Promise<ReadSource | { error: string }> {
  const name = path.posix.basename(uri.path) || uri.toString();
  try {
    // One read, no stat first: in remote and web setups every workspace.fs call is a round trip.
    return { uri, name, bytes: await vscode.workspace.fs.readFile(uri) };
  } catch (error) {
    if (error instanceof vscode.FileSystemError && error.code === 'FileIsADirectory') {
      return { error: vscode.l10n.t('{0} is a folder. Choose a PNG, JPEG or WebP image.', name) };
    }
    return { error: vscode.l10n.t('Could not read {0}: {1}', name, error instanceof Error ? error.message : String(error)) };
  }
}

/** Reads and prepares a source; the result says what went wrong in the user's words. */
async function checkSource(uri: vscode.Uri): Promise<CheckedSource | { error: string }> {
  const read = await readSource(uri);
  return 'error' in read ? read : prepareSource(read);
}

async function prepareSource(read: ReadSource): Promise<CheckedSource | { error: string }> {
  const prepared = await preparedUploads.get(read.name, read.bytes, {
    downscale: readSetting('downscaleBeforeUpload') !== false,
    keepMetadata: readSetting('keepImageMetadata') === true,
    maxUploadBytes: maxUploadBytes(),
  }).catch((error: unknown) => ({
    ok: false as const,
    message: vscode.l10n.t('{0} could not be prepared for upload: {1}', read.name, error instanceof Error ? error.message : String(error)),
  }));
  return prepared.ok ? { uri: read.uri, name: read.name, upload: prepared.upload } : { error: prepared.message };
}

async function resolveInteractiveSources(given: vscode.Uri[]): Promise<vscode.Uri[]> {
  if (given.length > 0) {
    return given;
  }
  const previewed = activeImagePreviewUri();
  if (previewed) {
    return [previewed];
  }
  // The image is not known yet: libvips starts while the user chooses one, so preparing a
  // large image does not begin with a cold codec.
  warmUpImaging();
  const picked = await pickSourceImage();
  return picked ? [picked] : [];
}

async function createInteractively(deps: CreateVariationsDeps, given: vscode.Uri[]): Promise<CreateVariationsResult[] | undefined> {
  const uris = await resolveInteractiveSources(given);
  if (uris.length === 0) {
    return undefined;
  }
  const reads = await Promise.all(uris.map(readSource));
  // Preparing (scaling, stripping, converting) runs while the user answers the quick picks.
  const preparing = Promise.all(reads.map((read) => ('error' in read ? read : prepareSource(read))));
  const early = readConfig().uploadEarly ? uploadWhileAsking(deps, preparing) : undefined;
  const firstImage = 'error' in reads[0] ? undefined : sniffImage(reads[0].bytes);

  const model = currentModel();
  const current = resolveChoices({ last: deps.lastChoices.recall(model), settings: settingsLayer(), model });
  const firstName = path.posix.basename(uris[0].path);
  const choices = await pickVariationOptions({
    choices: current,
    model,
    source: firstImage ? { name: firstName, width: firstImage.width, height: firstImage.height } : undefined,
    lastSeed: deps.lastChoices.lastSeed(),
    title: uris.length > 1
      ? vscode.l10n.t('Variations of {0} images', uris.length)
      : vscode.l10n.t('Variations of {0}', firstName),
  });
  if (!choices) {
    early?.cancel();
    return undefined; // Escape: nothing happened, nothing is remembered.
  }
  const sources: CheckedSource[] = [];
  for (const checked of await preparing) {
    if ('error' in checked) {
      void deps.notifier.error(checked.error);
    } else {
      sources.push(checked);
    }
  }
  if (sources.length === 0) {
    return undefined;
  }
  await deps.lastChoices.remember(choices, model);

  if (!(await deps.keys.getOrAsk())) {
    const setKey = actionLabel('setApiKey');
    void deps.notifier
      .warn(vscode.l10n.t('Flux Redux needs a 1min.ai API key to make variations.'), setKey)
      .then((answer) => answer === setKey && vscode.commands.executeCommand(Commands.setApiKey));
    return undefined;
  }

  const started: CreateVariationsResult[] = [];
  for (const source of sources) {
    const options = finalizeOptions(choices, drawRandomSeed);
    await deps.lastChoices.rememberSeed(options.seed);
    const { record, completion } = await start(deps, source, model, options);
    void completion.then((finished) => notifyFinished(deps, finished), (error) => deps.log.error(String(error)));
    started.push({ generationId: record.id, results: [] });
  }
  return started;
}

/**
 * With fluxRedux.uploadEarly, each source that could be prepared goes up while the quick picks
 * are open. Only with a key already at hand: nobody is asked for a key before they confirm.
 */
function uploadWhileAsking(deps: CreateVariationsDeps, preparing: Promise<(CheckedSource | { error: string })[]>): EarlyUpload {
  const started: EarlyUpload[] = [];
  let cancelled = false;
  void (async () => {
    const [key, checked] = await Promise.all([deps.keys.current(), preparing]);
    if (!key || cancelled) {
      return;
    }
    for (const source of checked) {
      if (!('error' in source)) {
        started.push(deps.uploadEarly(source.upload));
      }
    }
  })().catch((error: unknown) => deps.log.warn(`Early upload not started: ${error instanceof Error ? error.message : String(error)}`));
  return {
    cancel: () => {
      cancelled = true;
      started.forEach((upload) => upload.cancel());
    },
  };
}

async function createForScript(deps: CreateVariationsDeps, uriArgument: unknown, optionsArgument: unknown): Promise<CreateVariationsResult> {
  const validated = validateScriptOptions(optionsArgument);
  if (!validated.ok) {
    throw new UserFacingError(validated.message);
  }
  const uri = isUri(uriArgument)
    ? uriArgument
    : typeof uriArgument === 'string' && uriArgument.length > 0
      ? vscode.Uri.file(uriArgument)
      : undefined;
  if (!uri) {
    throw new UserFacingError(vscode.l10n.t('fluxRedux.createVariations needs the image as its first argument (a Uri) when options are given.'));
  }
  const checked = await checkSource(uri);
  if ('error' in checked) {
    throw new UserFacingError(checked.error);
  }
  const model = currentModel();
  // Scripts get reproducible defaults: the settings, never the last interactive choices.
  const choices = resolveChoices({ picked: validated.value, settings: settingsLayer(), model });
  const options = finalizeOptions(choices, drawRandomSeed);
  if (!(await deps.keys.getOrAsk())) {
    throw new UserFacingError(vscode.l10n.t('Flux Redux needs a 1min.ai API key: run "Flux Redux: Set API Key…" first.'));
  }
  const { record, completion } = await start(deps, checked, model, options);
  const finished = await completion;
  if (finished.phase !== 'done') {
    notifyFinished(deps, finished);
    throw new UserFacingError(describeUnfinished(finished));
  }
  const folder = deps.galleries.generationFolderUri(record.id);
  return {
    generationId: record.id,
    results: finished.results
      .filter((r) => r.status === 'ready' && r.file)
      .map((r) => vscode.Uri.joinPath(folder, r.file!)),
  };
}

async function start(deps: CreateVariationsDeps, source: CheckedSource, model: ModelId, options: VariationOptions) {
  const started = await deps.runs.start({
    source: {
      uri: source.uri.toString(),
      name: source.name,
      format: formatOfMime(source.upload.mimeType),
      width: source.upload.width,
      height: source.upload.height,
      bytes: source.upload.bytes.byteLength,
    },
    // The record keeps a copy of exactly what was uploaded: that is what the model saw.
    sourceBytes: source.upload.bytes,
    upload: { bytes: source.upload.bytes, fileName: source.upload.fileName, mimeType: source.upload.mimeType },
    model,
    options,
    apiOrigin: deps.apiOrigin(),
  });
  deps.log.info(
    `Generation ${started.record.id}: ${source.name} (${source.upload.action}, ${source.upload.width}×${source.upload.height}, ${source.upload.bytes.byteLength} bytes sent), ${model}, ${JSON.stringify(options)}`,
  );
  deps.galleries.show(started.record.id, { sourceName: source.name, preserveFocus: false });
  return started;
}

function formatOfMime(mimeType: PreparedUpload['mimeType']): 'png' | 'jpeg' | 'webp' {
  switch (mimeType) {
    case 'image/png':
      return 'png';
    case 'image/jpeg':
      return 'jpeg';
    case 'image/webp':
      return 'webp';
  }
}

function describeUnfinished(record: GenerationRecord): string {
  switch (record.phase) {
    case 'cancelled':
      return record.generateStartedAt !== undefined
        ? vscode.l10n.t('The run was cancelled. The server may still finish it and charge for it.')
        : vscode.l10n.t('The run was cancelled before anything was charged.');
    case 'failed':
      return record.failure?.message ?? vscode.l10n.t('The run failed.');
    default:
      return vscode.l10n.t('The run ended without results ({0}).', record.phase);
  }
}

function notifyFinished(deps: CreateVariationsDeps, record: GenerationRecord): void {
  if (record.phase === 'failed' && record.failure) {
    const actions = record.failure.actions.map((id) => ({ id, label: actionLabel(id) }));
    void deps.notifier
      .error(
        vscode.l10n.t('Variations of {0} failed: {1}', record.source.name, record.failure.message),
        ...actions.map((a) => a.label),
      )
      .then((answer) => {
        const chosen = actions.find((a) => a.label === answer);
        if (chosen) {
          void deps.galleries.onIntent(record.id, { type: 'runAction', action: chosen.id });
        }
      });
    return;
  }
  if (record.phase === 'done' && !deps.galleries.panelFor(record.id)?.panel.visible) {
    const ready = record.results.filter((r) => r.status === 'ready').length;
    const show = vscode.l10n.t('Show Gallery');
    void deps.notifier
      .info(vscode.l10n.t('{0} variation(s) of {1} are ready.', ready, record.source.name), show)
      .then((answer) => {
        if (answer === show) {
          deps.galleries.show(record.id, { sourceName: record.source.name });
        }
      });
  }
}
