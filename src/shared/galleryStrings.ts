/**
 * The gallery's words, by key. The host (src/gallery/strings.ts) translates each entry with
 * vscode.l10n and sends the result in `init`; the English here is only the fallback for a key
 * the host did not send, so an older host never leaves a blank button.
 * Shared by both sides, so it stays pure data: the key type ties the host's list to this one.
 */
export const GALLERY_STRING_DEFAULTS = {
  source: 'Source',
  sourceAlt: 'Source image {0}',
  resultAlt: 'Variation {0} of {1}',
  variationTitle: 'Variation {0}',
  settings: 'Settings of this run',
  results: 'Variations',
  save: 'Save',
  saved: 'Saved',
  savedTo: 'Saved to {0}',
  savedToReveal: 'Saved to {0}. Click to show the file.',
  revealSaved: 'Show {0}',
  saveAs: 'Save As…',
  open: 'Open',
  saveAll: 'Save all',
  allSaved: 'All saved',
  cancel: 'Cancel',
  close: 'Close',
  compare: 'Compare {0} with the source',
  previous: 'Previous variation',
  next: 'Next variation',
  retryDownload: 'Retry download',
  runActions: 'Run actions',
  copySettings: 'Copy Settings',
  copySettingsTitle: 'Copy the settings, model included, as options JSON for fluxRedux.createVariations',
  copySeed: 'Copy Seed',
  downloadFailed: 'Download failed',
  pending: 'Waiting for variation {0}',
  withheld: 'Withheld by the provider',
  notDownloaded: 'Not downloaded',
  notStored: 'Not stored: the extension\'s storage refused it, so it lives only in this window until it closes. Save it to keep it.',
  queued: 'Queued (position {0})',
  queuedHint: 'Starts as soon as a run ahead of it finishes.',
  uploading: 'Uploading the source… {0}%',
  generating: 'Generating… {0} elapsed',
  generatingAnnounce: 'Generating variations.',
  typicalDuration: 'Runs like this usually take about {0}.',
  longerThanUsual: 'Taking longer than usual; the server answers only when the images exist.',
  downloading: 'Downloading {0} of {1}…',
  done: 'Done: {0} variations.',
  doneOne: 'Done: 1 variation.',
  partial: '{0} of {1} came back; {2} was withheld by the provider.',
  partialMany: '{0} of {1} came back; {2} were withheld by the provider.',
  doneWithFailures: '{0} of {1} downloaded; {2} could not be downloaded.',
  noneCameBack: 'None came back: the provider withheld all {0}.',
  failed: 'The run failed',
  cancelled: 'Cancelled.',
  interrupted: 'Interrupted: VS Code was closed or reloaded while this run was going.',
  mayBeCharged: 'Credits may have been spent: the server may have finished the run.',
  notCharged: 'No credits were spent.',
  resumed: 'Resumed after VS Code was closed or reloaded: no new generation was paid for.',
  runningElsewhere: 'Running in another VS Code window: that window downloads the results, and this one shows them when the run ends.',
  credits: 'Account: {0} of {1} credits used',
  runCost: 'This run: about {0} credits',
  recordId: 'Record {0}',
  seconds: '{0} s',
  minutesSeconds: '{0} min {1} s',
  bytes: '{0} B',
  kilobytes: '{0} KB',
  megabytes: '{0} MB',
  captionSeparator: ' · ',
  emulator: 'Emulator',
  compareHint: 'Arrow keys: other variations · Escape: close',
  favourite: 'Mark variation {0} a favourite',
  unfavourite: 'Remove the favourite mark from variation {0}',
  compareMode: 'View',
  sideBySide: 'Side by side',
  overlay: 'Overlay',
  compareWith: 'Compare with',
  overlayDivider: 'Divider between {0} and {1}',
  overlayValue: '{0}: {1}% · {2}: {3}%',
  overlayHint: 'Drag the divider, or focus it and use the arrow keys (Home and End: the ends) · Escape: close',
} as const;

export type GalleryStringKey = keyof typeof GALLERY_STRING_DEFAULTS;

export const GALLERY_STRING_KEYS = Object.keys(GALLERY_STRING_DEFAULTS) as GalleryStringKey[];

/** Fills `{0}`, `{1}` … ; a placeholder without an argument stays as written. */
export function fillTemplate(template: string, args: readonly (string | number)[]): string {
  return template.replace(/\{(\d+)\}/g, (match, index: string) => {
    const value = args[Number(index)];
    return value === undefined ? match : String(value);
  });
}
