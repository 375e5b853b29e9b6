import * as vscode from 'vscode';
import { createNonce, renderGalleryHtml } from '../gallery/html';

/**
 * The view's page: scripts on, command links off, and only `media/` and the stored runs
 * (`<globalStorage>/generations`) loadable. The shell and its CSP are the gallery's.
 */
export function showHistoryPage(webview: vscode.Webview, extensionUri: vscode.Uri, generationsUri: vscode.Uri): void {
  const media = vscode.Uri.joinPath(extensionUri, 'media');
  webview.options = {
    enableScripts: true,
    enableCommandUris: false,
    localResourceRoots: [media, generationsUri],
  };
  webview.html = renderGalleryHtml({
    cspSource: webview.cspSource,
    nonce: createNonce(),
    scriptUri: webview.asWebviewUri(vscode.Uri.joinPath(media, 'build', 'history.js')).toString(),
    styleUri: webview.asWebviewUri(vscode.Uri.joinPath(media, 'build', 'history.css')).toString(),
    codiconsUri: webview.asWebviewUri(vscode.Uri.joinPath(media, 'build', 'codicons', 'codicon.css')).toString(),
    title: vscode.l10n.t('Variations'),
    lang: vscode.env.language,
  });
}
