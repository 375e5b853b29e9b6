import { randomBytes } from 'crypto';

/** Everything the shell page needs; URIs are webview URIs (asWebviewUri), already strings. */
export interface GalleryHtmlParams {
  cspSource: string;
  nonce: string;
  scriptUri: string;
  styleUri: string;
  codiconsUri: string;
  title: string;
  lang?: string;
}

/** A fresh value per render: a script runs only if it carries the nonce of its own page. */
export function createNonce(): string {
  return randomBytes(18).toString('base64');
}

const HTML_ESCAPES: Record<string, string> = {
  '&': '&amp;',
  '<': '&lt;',
  '>': '&gt;',
  '"': '&quot;',
};

/** Safe for text and for double-quoted attribute values (the only kind this page uses). */
export function escapeHtml(text: string): string {
  return text.replace(/[&<>"]/g, (char) => HTML_ESCAPES[char]);
}

const LANG = /^[A-Za-z]{2,8}(-[A-Za-z0-9]{1,8})*$/;

/**
 * The gallery's shell: no inline script or style, a CSP that allows only the extension's own
 * resources, and one nonce'd script that builds the page from the host's messages.
 */
export function renderGalleryHtml(p: GalleryHtmlParams): string {
  const csp = [
    `default-src 'none'`,
    `img-src ${p.cspSource}`,
    `style-src ${p.cspSource}`,
    `font-src ${p.cspSource}`,
    `script-src 'nonce-${p.nonce}'`,
  ].join('; ') + ';';
  const lang = p.lang && LANG.test(p.lang) ? p.lang : 'en';
  return `<!DOCTYPE html>
<html lang="${escapeHtml(lang)}">
<head>
<meta charset="UTF-8">
<meta http-equiv="Content-Security-Policy" content="${escapeHtml(csp)}">
<meta name="viewport" content="width=device-width, initial-scale=1.0">
<link rel="stylesheet" href="${escapeHtml(p.codiconsUri)}">
<link rel="stylesheet" href="${escapeHtml(p.styleUri)}">
<title>${escapeHtml(p.title)}</title>
</head>
<body>
<div id="app"></div>
<script nonce="${escapeHtml(p.nonce)}" src="${escapeHtml(p.scriptUri)}"></script>
</body>
</html>
`;
}
