// Bundles for two targets: the extension host and its imaging worker (Node, CommonJS, `vscode`
// external) and the gallery and history webviews (browser, IIFE). They share only src/shared.
// Each webview's stylesheet is bundled too, so a page loads one sheet with what it @imports
// (media/breadcrumb.css) inlined, instead of fetching it after its own before the first paint.
const esbuild = require('esbuild');
const fs = require('fs');
const path = require('path');

const production = process.argv.includes('--production');
const watch = process.argv.includes('--watch');

/** Codicons ship as a font + stylesheet; copied to media/build so the webview's only resource roots are media/ and the run's folder. */
function copyCodicons() {
  const from = path.join(__dirname, 'node_modules', '@vscode', 'codicons', 'dist');
  const to = path.join(__dirname, 'media', 'build', 'codicons');
  fs.mkdirSync(to, { recursive: true });
  for (const file of ['codicon.css', 'codicon.ttf']) {
    fs.copyFileSync(path.join(from, file), path.join(to, file));
  }
}

/**
 * libvips (wasm-vips) is loaded by path at run time, never bundled: its glue finds its .wasm files
 * and starts its pthread workers from its own file name. The JXL and SVG side modules are not used.
 */
function copyVips() {
  const from = path.join(__dirname, 'node_modules', 'wasm-vips', 'lib');
  const to = path.join(__dirname, 'dist', 'vips');
  fs.mkdirSync(to, { recursive: true });
  for (const file of ['vips-node.js', 'vips.wasm', 'vips-heif.wasm']) {
    fs.copyFileSync(path.join(from, file), path.join(to, file));
  }
}

const common = {
  bundle: true,
  minify: production,
  sourcemap: production ? false : 'linked',
  sourcesContent: false,
  logLevel: 'warning',
  legalComments: 'none',
};

async function main() {
  copyCodicons();
  copyVips();
  const contexts = await Promise.all([
    esbuild.context({
      ...common,
      entryPoints: ['src/extension.ts'],
      outfile: 'dist/extension.js',
      platform: 'node',
      format: 'cjs',
      target: 'node20',
      external: ['vscode'],
      metafile: true,
    }),
    // Image decoding and encoding run in a worker thread so the extension host stays responsive.
    esbuild.context({
      ...common,
      entryPoints: ['src/imaging/worker.ts'],
      outfile: 'dist/imagingWorker.js',
      platform: 'node',
      format: 'cjs',
      target: 'node20',
      metafile: true,
    }),
    esbuild.context({
      ...common,
      entryPoints: ['src/webview/main.ts'],
      outfile: 'media/build/webview.js',
      platform: 'browser',
      format: 'iife',
      target: 'es2022',
      metafile: true,
    }),
    // The history view (the *Variations* view in the activity bar): a page of its own.
    esbuild.context({
      ...common,
      entryPoints: ['src/webview/history/main.ts'],
      outfile: 'media/build/history.js',
      platform: 'browser',
      format: 'iife',
      target: 'es2022',
      metafile: true,
    }),
    ...['gallery', 'history'].map((page) =>
      esbuild.context({
        ...common,
        entryPoints: [`media/${page}.css`],
        outfile: `media/build/${page}.css`,
        sourcemap: false,
      }),
    ),
  ]);
  if (watch) {
    await Promise.all(contexts.map((c) => c.watch()));
    return;
  }
  for (const ctx of contexts) {
    await ctx.rebuild();
    await ctx.dispose();
  }
}

main().catch((error) => {
  console.error(error);
  process.exit(1);
});
