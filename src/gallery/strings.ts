import * as vscode from 'vscode';
import type { GalleryStrings } from '../shared/protocol';
import type { GalleryStringKey } from '../shared/galleryStrings';

/**
 * Every word the gallery webview shows, translated here because vscode.l10n lives on the host.
 * One literal l10n.t call per key so `@vscode/l10n-dev export` finds them all; the type makes a
 * missing key a compile error. Templates keep their {0} placeholders for the webview to fill.
 */
export function galleryStrings(): GalleryStrings {
  const strings: Record<GalleryStringKey, string> = {
    source: vscode.l10n.t('Source'),
    sourceAlt: vscode.l10n.t('Source image {0}'),
    resultAlt: vscode.l10n.t('Variation {0} of {1}'),
    variationTitle: vscode.l10n.t('Variation {0}'),
    settings: vscode.l10n.t('Settings of this run'),
    results: vscode.l10n.t('Variations'),
    save: vscode.l10n.t('Save'),
    saved: vscode.l10n.t('Saved'),
    savedTo: vscode.l10n.t('Saved to {0}'),
    savedToReveal: vscode.l10n.t('Saved to {0}. Click to show the file.'),
    revealSaved: vscode.l10n.t('Show {0}'),
    saveAs: vscode.l10n.t('Save As…'),
    open: vscode.l10n.t('Open'),
    saveAll: vscode.l10n.t('Save all'),
    allSaved: vscode.l10n.t('All saved'),
    cancel: vscode.l10n.t('Cancel'),
    close: vscode.l10n.t('Close'),
    compare: vscode.l10n.t('Compare {0} with the source'),
    previous: vscode.l10n.t('Previous variation'),
    next: vscode.l10n.t('Next variation'),
    retryDownload: vscode.l10n.t('Retry download'),
    runActions: vscode.l10n.t('Run actions'),
    copySettings: vscode.l10n.t('Copy Settings'),
    copySettingsTitle: vscode.l10n.t('Copy the settings, model included, as options JSON for fluxRedux.createVariations'),
    copySeed: vscode.l10n.t('Copy Seed'),
    downloadFailed: vscode.l10n.t('Download failed'),
    pending: vscode.l10n.t('Waiting for variation {0}'),
    withheld: vscode.l10n.t('Withheld by the provider'),
    notDownloaded: vscode.l10n.t('Not downloaded'),
    notStored: vscode.l10n.t('Not stored: the extension\'s storage refused it, so it lives only in this window until it closes. Save it to keep it.'),
    queued: vscode.l10n.t('Queued (position {0})'),
    queuedHint: vscode.l10n.t('Starts as soon as a run ahead of it finishes.'),
    uploading: vscode.l10n.t('Uploading the source… {0}%'),
    generating: vscode.l10n.t('Generating… {0} elapsed'),
    generatingAnnounce: vscode.l10n.t('Generating variations.'),
    typicalDuration: vscode.l10n.t('Runs like this usually take about {0}.'),
    longerThanUsual: vscode.l10n.t('Taking longer than usual; the server answers only when the images exist.'),
    downloading: vscode.l10n.t('Downloading {0} of {1}…'),
    done: vscode.l10n.t('Done: {0} variations.'),
    doneOne: vscode.l10n.t('Done: 1 variation.'),
    partial: vscode.l10n.t('{0} of {1} came back; {2} was withheld by the provider.'),
    partialMany: vscode.l10n.t('{0} of {1} came back; {2} were withheld by the provider.'),
    doneWithFailures: vscode.l10n.t('{0} of {1} downloaded; {2} could not be downloaded.'),
    noneCameBack: vscode.l10n.t('None came back: the provider withheld all {0}.'),
    failed: vscode.l10n.t('The run failed'),
    cancelled: vscode.l10n.t('Cancelled.'),
    interrupted: vscode.l10n.t('Interrupted: VS Code was closed or reloaded while this run was going.'),
    mayBeCharged: vscode.l10n.t('Credits may have been spent: the server may have finished the run.'),
    notCharged: vscode.l10n.t('No credits were spent.'),
    credits: vscode.l10n.t('Account: {0} of {1} credits used'),
    runCost: vscode.l10n.t('This run: about {0} credits'),
    recordId: vscode.l10n.t('Record {0}'),
    seconds: vscode.l10n.t('{0} s'),
    minutesSeconds: vscode.l10n.t('{0} min {1} s'),
    bytes: vscode.l10n.t('{0} B'),
    kilobytes: vscode.l10n.t('{0} KB'),
    megabytes: vscode.l10n.t('{0} MB'),
    captionSeparator: vscode.l10n.t(' · '),
    emulator: vscode.l10n.t('Emulator'),
    compareHint: vscode.l10n.t('Arrow keys: other variations · Escape: close'),
  };
  return strings;
}
