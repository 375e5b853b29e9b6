import { randomBytes } from 'crypto';
import { FIRST_VIEW_ELEMENT_ID } from '../shared/protocol';

/** Everything the shell page needs; URIs are webview URIs (asWebviewUri), already strings. */
export interface GalleryHtmlParams {
  cspSource: string;
  nonce: string;
  scriptUri: string;
  styleUri: string;
  codiconsUri: string;
  title: string;
  lang?: string;
  /**
   * The first view, painted by the page's script as it loads, before any message could arrive.
   * Any JSON value; it travels as a data block (see embedJson).
   */
  firstView?: unknown;
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

/**
 * JSON that is safe inside a <script> data block: `<` becomes \u003c, so no `</script>` or `<!--`
 * in a file name can end the block or open a comment, and `>`, `&` and the two JavaScript line
 * separators are escaped alike. JSON.parse reads it back unchanged.
 */
export function embedJson(value: unknown): string {
  return JSON.stringify(value)
    .replace(/</g, '\\u003c')
    .replace(/>/g, '\\u003e')
    .replace(/&/g, '\\u0026')
    .replace(/\u2028/g, '\\u2028')
    .replace(/\u2029/g, '\\u2029');
}

const LANG = /^[A-Za-z]{2,8}(-[A-Za-z0-9]{1,8})*$/;

/**
 * The gallery's shell: no inline script or style, a CSP that allows only the extension's own
 * resources, and one nonce'd script that builds the page. Its first view comes in the page as a
 * JSON data block (never executed), so it paints without waiting for a message; later views
 * come as messages.
 */
export function renderGalleryHtml(p: GalleryHtmlParams): string {
  const csp = [
    `default-src 'none'`,
    // blob: only for results global storage refused: the webview makes their URLs from bytes
    // the host sends (panel.ts); data: stays refused.
    `img-src ${p.cspSource} blob:`,
    `style-src ${p.cspSource}`,
    `font-src ${p.cspSource}`,
    `script-src 'nonce-${p.nonce}'`,
  ].join('; ') + ';';
  const lang = p.lang && LANG.test(p.lang) ? p.lang : 'en';
  const firstView = p.firstView === undefined
    ? ''
    : `<script type="application/json" id="${FIRST_VIEW_ELEMENT_ID}" nonce="${escapeHtml(p.nonce)}">${embedJson(p.firstView)}</script>\n`;
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
${firstView}<script nonce="${escapeHtml(p.nonce)}" src="${escapeHtml(p.scriptUri)}"></script>
</body>
</html>
`;
}

export interface ReservedHtmlParams {
  cspSource: string;
  styleUri: string;
  sourceName: string;
  lang?: string;
}

/**
 * The page of a gallery opened ahead of its run (src/gallery/reservations.ts): the source's name
 * where the gallery's header puts it, no script. The run's own page replaces it.
 */
export function renderReservedHtml(p: ReservedHtmlParams): string {
  const csp = `default-src 'none'; style-src ${p.cspSource};`;
  const lang = p.lang && LANG.test(p.lang) ? p.lang : 'en';
  const name = escapeHtml(p.sourceName);
  return `<!DOCTYPE html>
<html lang="${escapeHtml(lang)}">
<head>
<meta charset="UTF-8">
<meta http-equiv="Content-Security-Policy" content="${escapeHtml(csp)}">
<meta name="viewport" content="width=device-width, initial-scale=1.0">
<link rel="stylesheet" href="${escapeHtml(p.styleUri)}">
<title>${name}</title>
</head>
<body>
<div id="app"><div class="gallery"><header class="header"><div class="source"><div class="source-text"><h1 class="source-name" title="${name}">${name}</h1></div></div></header></div></div>
</body>
</html>
`;
}
