import * as vscode from 'vscode';
import type { HistoryStrings } from '../shared/historyProtocol';

/** The history view's words; `{0}` is filled in by the webview. */
export function historyStrings(): HistoryStrings {
  return {
    filterLabel: vscode.l10n.t('Filter runs'),
    filterPlaceholder: vscode.l10n.t('Filter by name, seed, ratio, format, model'),
    runCount: vscode.l10n.t('{0} runs'),
    runCountOne: vscode.l10n.t('1 run'),
    matchCount: vscode.l10n.t('{0} of {1} runs'),
    empty: vscode.l10n.t('No variations yet. Right-click an image in the Explorer and choose "Create Variations with Flux Redux…".'),
    noMatch: vscode.l10n.t('No run matches the filter.'),
    listLabel: vscode.l10n.t('Variation runs, newest first'),
    resultsLabel: vscode.l10n.t('Variations of {0}'),
    openGallery: vscode.l10n.t('Open Gallery'),
    openGalleryOf: vscode.l10n.t('Open the gallery of {0}'),
    revealSource: vscode.l10n.t('Reveal Source'),
    revealSourceOf: vscode.l10n.t('Reveal {0}'),
    deleteRun: vscode.l10n.t('Delete'),
    deleteRunOf: vscode.l10n.t('Delete the run of {0}'),
    openResult: vscode.l10n.t('Open {0}'),
    noResults: vscode.l10n.t('No variations to show.'),
  };
}
