import { createServer, type Server } from 'node:http';
import { readFile } from 'node:fs/promises';
import { extname, join, normalize, sep } from 'node:path';
import type { AddressInfo } from 'node:net';
import { createNonce, renderGalleryHtml } from '../../src/gallery/html';

/** The repository root, from out/test/webview/ where this file runs. */
export const REPO_ROOT = join(__dirname, '..', '..', '..');

const CONTENT_TYPES: Record<string, string> = {
  '.css': 'text/css; charset=utf-8',
  '.js': 'text/javascript; charset=utf-8',
  '.map': 'application/json',
  '.ttf': 'font/ttf',
  '.png': 'image/png',
  '.jpg': 'image/jpeg',
  '.webp': 'image/webp',
};

/** URL prefix → folder; nothing else on disk is reachable. */
const ROOTS: Record<string, string> = {
  '/media/': join(REPO_ROOT, 'media'),
  '/fixtures/': join(REPO_ROOT, 'test', 'webview', 'fixtures'),
  '/preview/': join(REPO_ROOT, 'test', 'webview', 'preview'),
};

export interface PreviewServer {
  origin: string;
  /**
   * The page: the real shell from renderGalleryHtml plus the fake host's scripts; with
   * `firstView`, the shell carries it as the host puts the first `init` in the page.
   */
  pageUrl(theme: 'light' | 'dark' | 'high-contrast', firstView?: unknown): string;
  close(): Promise<void>;
}

/**
 * Serves the gallery the way a webview gets it: the shell page from src/gallery/html.ts with its
 * real CSP (cspSource is this server's origin), so a stray inline style or script shows up as a
 * CSP violation here too. Only 127.0.0.1.
 */
export async function startPreviewServer(): Promise<PreviewServer> {
  let origin = '';
  // Each page URL names its first view by number; the views stay here, not in the URL.
  const firstViews: unknown[] = [];
  const server: Server = createServer((request, response) => {
    const url = new URL(request.url ?? '/', 'http://127.0.0.1');
    if (url.pathname === '/') {
      const nonce = createNonce();
      const html = renderGalleryHtml({
        cspSource: origin,
        nonce,
        scriptUri: `${origin}/media/build/webview.js`,
        styleUri: `${origin}/media/build/gallery.css`,
        codiconsUri: `${origin}/media/build/codicons/codicon.css`,
        title: 'Flux Redux gallery preview',
        firstView: url.searchParams.has('first') ? firstViews[Number(url.searchParams.get('first'))] : undefined,
      });
      // The fake host must exist before the gallery script asks for it; same nonce, same CSP.
      const fakeHost =
        `<script nonce="${nonce}" src="${origin}/preview/themes.js"></script>\n` +
        `<script nonce="${nonce}" src="${origin}/preview/fake-vscode.js"></script>\n`;
      const page = html.replace('<script nonce=', `${fakeHost}<script nonce=`);
      response.writeHead(200, { 'content-type': 'text/html; charset=utf-8', 'cache-control': 'no-store' });
      response.end(page);
      return;
    }
    const prefix = Object.keys(ROOTS).find((p) => url.pathname.startsWith(p));
    if (!prefix) {
      response.writeHead(404).end();
      return;
    }
    const root = ROOTS[prefix];
    const file = normalize(join(root, decodeURIComponent(url.pathname.slice(prefix.length))));
    if (!file.startsWith(root + sep)) {
      response.writeHead(403).end();
      return;
    }
    readFile(file).then(
      (body) => {
        response.writeHead(200, {
          'content-type': CONTENT_TYPES[extname(file)] ?? 'application/octet-stream',
          'cache-control': 'no-store',
        });
        response.end(body);
      },
      () => response.writeHead(404).end(),
    );
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  origin = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
  return {
    origin,
    pageUrl: (theme, firstView) => {
      if (firstView === undefined) {
        return `${origin}/?theme=${theme}`;
      }
      firstViews.push(firstView);
      return `${origin}/?theme=${theme}&first=${firstViews.length - 1}`;
    },
    close: () =>
      new Promise<void>((resolve, reject) => {
        server.closeAllConnections();
        server.close((error) => (error ? reject(error) : resolve()));
      }),
  };
}
