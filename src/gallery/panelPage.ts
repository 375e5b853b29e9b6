import * as vscode from 'vscode';
import { GALLERY_VIEW_TYPE } from '../constants';
import type { GalleryView, HostMessage } from '../shared/protocol';
import { createNonce, renderGalleryHtml, renderReservedHtml } from './html';
import { galleryStrings } from './strings';

/**
 * What a gallery panel is made of in VS Code: its webview panel and options, its tab title, and
 * its page (the run's page with the first view in it, or the page of a panel reserved ahead).
 */

/** `when` tells apart the tabs of runs on images with the same name. */
export function galleryTitle(sourceName: string, when?: string): string {
  return when === undefined ? vscode.l10n.t('Variations: {0}', sourceName) : vscode.l10n.t('Variations: {0} ({1})', sourceName, when);
}

export function webviewOptions(
  extensionUri: vscode.Uri,
  generationFolder: vscode.Uri,
): vscode.WebviewOptions & vscode.WebviewPanelOptions {
  return {
    enableScripts: true,
    enableCommandUris: false,
    // The run's own folder and our media: nothing else can be loaded.
    localResourceRoots: [vscode.Uri.joinPath(extensionUri, 'media'), generationFolder],
  };
}

/** The page of a run's gallery; `firstView` (when the run could be read) lets it paint before any message. */
export function renderPanelHtml(webview: vscode.Webview, extensionUri: vscode.Uri, title: string, firstView: HostMessage | undefined): string {
  const media = vscode.Uri.joinPath(extensionUri, 'media');
  return renderGalleryHtml({
    cspSource: webview.cspSource,
    nonce: createNonce(),
    scriptUri: webview.asWebviewUri(vscode.Uri.joinPath(media, 'build', 'webview.js')).toString(),
    styleUri: webview.asWebviewUri(vscode.Uri.joinPath(media, 'build', 'gallery.css')).toString(),
    codiconsUri: webview.asWebviewUri(vscode.Uri.joinPath(media, 'build', 'codicons', 'codicon.css')).toString(),
    title,
    lang: vscode.env.language,
    firstView,
  });
}

/** The whole first view: strings, the view, and in test mode the request for paint reports. */
export function initMessage(view: GalleryView, wantsPaintReports: boolean): HostMessage {
  return {
    type: 'init',
    strings: galleryStrings(),
    view,
    ...(wantsPaintReports ? { reportPainted: true } : {}),
  };
}

export function createGalleryWebviewPanel(
  sourceName: string,
  preserveFocus: boolean,
  viewColumn: vscode.ViewColumn = vscode.ViewColumn.Beside,
): vscode.WebviewPanel {
  return vscode.window.createWebviewPanel(
    GALLERY_VIEW_TYPE,
    galleryTitle(sourceName),
    { viewColumn, preserveFocus },
    { enableScripts: true, enableFindWidget: true },
  );
}

/**
 * A gallery panel opened before its run exists (src/gallery/reservations.ts): it keeps the focus
 * where it is (the quick pick stays open) and shows the source's name until a GalleryPanel takes
 * it over and gives it the run's page.
 */
export function createReservedGalleryPanel(
  extensionUri: vscode.Uri,
  sourceName: string,
  viewColumn: vscode.ViewColumn,
): vscode.WebviewPanel {
  const panel = createGalleryWebviewPanel(sourceName, true, viewColumn);
  const media = vscode.Uri.joinPath(extensionUri, 'media');
  // Scripts on already (the page has none, and its CSP allows none), so taking the panel over
  // changes only the resource roots.
  panel.webview.options = { enableScripts: true, enableCommandUris: false, localResourceRoots: [media] };
  panel.iconPath = vscode.Uri.joinPath(media, 'icon.png');
  panel.webview.html = renderReservedHtml({
    cspSource: panel.webview.cspSource,
    styleUri: panel.webview.asWebviewUri(vscode.Uri.joinPath(media, 'build', 'gallery.css')).toString(),
    sourceName,
    lang: vscode.env.language,
  });
  return panel;
}
