/**
 * The VSIX that `npm run package` makes, as a user gets it: only the allowlisted files, nothing
 * from sources, tests or node_modules, small, and a manifest a marketplace listing can use.
 */
import * as assert from 'node:assert/strict';
import * as fs from 'fs';
import * as path from 'path';
import { codeServerDir, codeServerVersion, repoRoot } from '../harness/paths';
import { compareVersions, localize, lowestEngine, type ManifestFiles, nlsPlaceholders, referencedFiles, refusalOf } from './manifest';
import { packVsixOnce, type PackedVsix } from './packVsix';
import { readZipEntry } from './zipEntries';

interface Manifest extends ManifestFiles {
  name: string;
  version: string;
  publisher: string;
  displayName: string;
  description: string;
  icon?: string;
  license?: string;
  repository?: { url?: string } | string;
  categories?: string[];
  keywords?: string[];
  engines: { vscode: string };
  capabilities?: {
    untrustedWorkspaces?: { supported: boolean | 'limited'; description?: string; restrictedConfigurations?: string[] };
    virtualWorkspaces?: { supported: boolean | 'limited'; description?: string } | boolean;
  };
}

const EXTENSION_PREFIX = 'extension/';
const ONE_MEGABYTE = 1024 * 1024;

function readJson<T>(file: string): T {
  return JSON.parse(fs.readFileSync(file, 'utf8')) as T;
}

/**
 * Lines that warn about the package. npm's complaints about the machine's own npmrc ("Unknown
 * user config") say nothing about this project, so they are left out.
 */
function warningLines(output: string): string[] {
  return output
    .split(/\r?\n/)
    .filter((line) => /warn/i.test(line))
    .filter((line) => !/^npm warn Unknown (user|env|project|global|builtin) config/i.test(line.trim()));
}

function harnessVsCodeVersion(): string {
  const installed = path.join(codeServerDir(), 'package', 'lib', 'vscode', 'package.json');
  if (fs.existsSync(installed)) {
    return readJson<{ version: string }>(installed).version;
  }
  // Not installed yet: code-server 4.X.Y carries VS Code 1.X.Y.
  return codeServerVersion().replace(/^4\./, '1.');
}

describe('The VSIX that `npm run package` produces', function () {
  this.timeout(300_000);
  let packed: PackedVsix;

  before(async () => {
    packed = await packVsixOnce();
  });

  const files = (): string[] =>
    packed.entries.filter((entry) => entry.name.startsWith(EXTENSION_PREFIX)).map((entry) => entry.name.slice(EXTENSION_PREFIX.length));
  const entryJson = <T>(name: string): T => {
    const entry = packed.entries.find((candidate) => candidate.name === `${EXTENSION_PREFIX}${name}`);
    assert.ok(entry, `${name} is missing from the VSIX`);
    return JSON.parse(readZipEntry(packed.zip, entry).toString('utf8')) as T;
  };
  const manifest = (): Manifest => entryJson<Manifest>('package.json');
  const nlsBundle = (): Record<string, string> => entryJson<Record<string, string>>('package.nls.json');

  it('is packed without warnings or questions', () => {
    assert.deepEqual(warningLines(packed.output), [], `Warnings while packing:\n${packed.output}`);
    assert.doesNotMatch(packed.output, /\[y\/N\]/i);
  });

  it('holds only the two VSIX descriptors besides the extension folder', () => {
    const outside = packed.entries.map((entry) => entry.name).filter((name) => !name.startsWith(EXTENSION_PREFIX));
    assert.deepEqual(outside.sort(), ['[Content_Types].xml', 'extension.vsixmanifest']);
  });

  it('holds only allowlisted files: no sources, tests, source maps or node_modules', () => {
    const refused = files()
      .map((file) => ({ file, why: refusalOf(file) }))
      .filter((entry) => entry.why !== undefined);
    assert.deepEqual(refused, []);
  });

  it('holds the manifest, its translations, the read-me, change log and licence', () => {
    for (const required of ['package.json', 'package.nls.json', 'readme.md', 'changelog.md', 'LICENSE.txt']) {
      assert.ok(files().includes(required), `${required} is missing; the VSIX holds ${files().join(', ')}`);
    }
  });

  it('holds the third-party notices: libvips under the LGPL-2.1 with where its source is, the codicons under CC-BY-4.0', () => {
    const entry = packed.entries.find((candidate) => candidate.name === `${EXTENSION_PREFIX}media/ThirdPartyNotices.txt`);
    assert.ok(entry, `media/ThirdPartyNotices.txt is missing; the VSIX holds ${files().join(', ')}`);
    const notices = readZipEntry(packed.zip, entry).toString('utf8');
    const installed = (name: string): string => readJson<{ version: string }>(path.join(repoRoot, 'node_modules', name, 'package.json')).version;
    const wasmVips = installed('wasm-vips');
    const libvips = readJson<{ vips: string }>(path.join(repoRoot, 'node_modules', 'wasm-vips', 'versions.json')).vips;
    const codicons = installed('@vscode/codicons');
    // The licences by name and in full (the texts' own headings), and the copyright lines.
    for (const expected of [
      'LGPL-2.1',
      'GNU LESSER GENERAL PUBLIC LICENSE\n                       Version 2.1, February 1999',
      'CC-BY-4.0',
      'Attribution 4.0 International',
      'Creative Commons Attribution 4.0 International Public License',
      'Copyright (C) 1991-2005 The National Gallery',
      'Copyright (c) 2020-present Kleis Auke Wolthuizen',
      'Copyright (c) Microsoft Corporation',
    ]) {
      assert.ok(notices.includes(expected), `the notices do not contain ${JSON.stringify(expected)}`);
    }
    // Where the source of exactly the shipped libvips and wasm-vips can be had.
    for (const expected of [
      `https://github.com/libvips/libvips/releases/tag/v${libvips}`,
      `https://github.com/kleisauke/wasm-vips/tree/v${wasmVips}`,
      `libvips ${libvips}`,
      `wasm-vips ${wasmVips}`,
      `Codicons ${codicons}`,
    ]) {
      assert.ok(notices.includes(expected), `the notices do not name ${expected} (the installed versions changed: update media/ThirdPartyNotices.txt)`);
    }
  });

  it('holds the production build, which vscode:prepublish makes for every `vsce package`', () => {
    const extension = packed.entries.find((candidate) => candidate.name === `${EXTENSION_PREFIX}dist/extension.js`);
    assert.ok(extension, 'dist/extension.js is missing');
    // The development build links a source map; the production build is minified without one.
    assert.doesNotMatch(readZipEntry(packed.zip, extension).toString('utf8'), /sourceMappingURL/);
    assert.match(packed.output, /vscode:prepublish/, 'vsce did not run the vscode:prepublish script');
  });

  it('holds every file the manifest names (entry point, icon, walkthrough media)', () => {
    const missing = referencedFiles(manifest()).filter((file) => !files().includes(file));
    assert.deepEqual(missing, []);
  });

  it('holds every script and WebAssembly file of the production build, and the webview bundles', () => {
    const built = (fs.readdirSync(path.join(repoRoot, 'dist'), { recursive: true }) as string[])
      .filter((file) => /\.(js|wasm)$/.test(file))
      .map((file) => `dist/${file.split(path.sep).join('/')}`);
    assert.ok(built.includes('dist/extension.js'), 'the build made no dist/extension.js');
    const webviewFiles = ['media/build/webview.js', 'media/build/history.js', 'media/build/codicons/codicon.css', 'media/build/codicons/codicon.ttf'];
    const missing = [...built, ...webviewFiles].filter((file) => !files().includes(file));
    assert.deepEqual(missing, []);
  });

  it('holds each webview\'s one stylesheet, with what it @imports built in, and the history view\'s icon', () => {
    // The Variations view's icon is named in contributes.viewsContainers, which referencedFiles does not read.
    for (const needed of ['media/build/gallery.css', 'media/build/history.css', 'media/history.svg']) {
      assert.ok(files().includes(needed), `${needed} is missing; the VSIX holds ${files().join(', ')}`);
    }
    for (const page of ['gallery', 'history']) {
      const entry = packed.entries.find((candidate) => candidate.name === `${EXTENSION_PREFIX}media/build/${page}.css`)!;
      const css = readZipEntry(packed.zip, entry).toString('utf8');
      assert.doesNotMatch(css, /@import/, `${page}.css still imports a sheet the page would fetch after it`);
      assert.match(css, /\.lineage\b/, `${page}.css lacks the breadcrumb's rules (media/breadcrumb.css)`);
    }
  });

  it('is under 1 MB unpacked, not counting WebAssembly', () => {
    const bytes = packed.entries
      .filter((entry) => !entry.name.endsWith('.wasm'))
      .reduce((sum, entry) => sum + entry.uncompressedSize, 0);
    assert.ok(bytes < ONE_MEGABYTE, `the VSIX unpacks to ${bytes} bytes without WebAssembly`);
  });

  it('carries the manifest of the repository, with every %placeholder% translated', () => {
    const inside = manifest();
    const repository = readJson<Manifest>(path.join(repoRoot, 'package.json'));
    assert.equal(inside.name, repository.name);
    assert.equal(inside.version, repository.version);
    assert.equal(inside.publisher, repository.publisher);
    const bundle = nlsBundle();
    const untranslated = nlsPlaceholders(inside).filter((key) => typeof bundle[key] !== 'string' || bundle[key].trim() === '');
    assert.deepEqual(untranslated, []);
    const unused = Object.keys(bundle).filter((key) => !nlsPlaceholders(inside).includes(key));
    assert.deepEqual(unused, [], 'package.nls.json has keys the manifest does not use');
  });

  it('names every command, setting and walkthrough text through package.nls.json', () => {
    const inside = manifest() as unknown as { contributes: Record<string, unknown> };
    const literal: string[] = [];
    const visit = (node: unknown, where: string): void => {
      if (Array.isArray(node)) {
        node.forEach((item, index) => visit(item, `${where}[${index}]`));
        return;
      }
      if (node === null || typeof node !== 'object') {
        return;
      }
      for (const [key, value] of Object.entries(node)) {
        const userFacing = ['title', 'description', 'markdownDescription', 'category', 'altText', 'enumDescriptions', 'markdownEnumDescriptions'].includes(key);
        const strings = typeof value === 'string' ? [value] : Array.isArray(value) && value.every((item) => typeof item === 'string') ? value : [];
        if (userFacing && strings.some((text) => !/^%[^%\s]+%$/.test(text))) {
          literal.push(`${where}.${key}`);
        }
        visit(value, `${where}.${key}`);
      }
    };
    visit(inside.contributes, 'contributes');
    assert.deepEqual(literal, []);
  });

  it('has what a marketplace listing needs', () => {
    const inside = localize(manifest(), nlsBundle());
    assert.match(inside.displayName, /\S/);
    assert.match(inside.description, /\S/);
    assert.equal(inside.license, 'MIT');
    const repository = typeof inside.repository === 'string' ? inside.repository : inside.repository?.url;
    assert.match(repository ?? '', /^https:\/\//);
    assert.ok(inside.keywords && inside.keywords.length > 0, 'no keywords');
    assert.ok(inside.categories && inside.categories.length > 0, 'no categories');
    assert.notDeepEqual(inside.categories, ['Other']);
    assert.ok(inside.icon, 'no icon');
    const icon = packed.entries.find((entry) => entry.name === `${EXTENSION_PREFIX}${inside.icon}`);
    assert.ok(icon, `the icon ${inside.icon} is not in the VSIX`);
    const pngSignature = Buffer.from([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a]);
    assert.deepEqual(readZipEntry(packed.zip, icon).subarray(0, 8), pngSignature, 'the icon is not a PNG');
  });

  it('asks for no VS Code newer than the harness runs, and builds against no newer API', () => {
    const inside = manifest();
    const lowest = lowestEngine(inside.engines.vscode);
    assert.ok(compareVersions(lowest, harnessVsCodeVersion()) <= 0, `engines.vscode ${inside.engines.vscode} is newer than the harness's ${harnessVsCodeVersion()}`);
    const typesVersion = readJson<{ version: string }>(path.join(repoRoot, 'node_modules', '@types', 'vscode', 'package.json')).version;
    assert.ok(compareVersions(typesVersion, lowest) <= 0, `@types/vscode ${typesVersion} is newer than engines.vscode ${inside.engines.vscode}`);
  });

  it('states what works in untrusted and virtual workspaces', () => {
    const capabilities = localize(manifest(), nlsBundle()).capabilities;
    const untrusted = capabilities?.untrustedWorkspaces;
    assert.ok(untrusted, 'capabilities.untrustedWorkspaces is missing');
    if (untrusted.supported === 'limited') {
      assert.match(untrusted.description ?? '', /\S/, 'limited support needs a description');
    }
    const repository = readJson<{ contributes: { configuration: { properties: Record<string, unknown> } } }>(path.join(repoRoot, 'package.json'));
    const declared = Object.keys(repository.contributes.configuration.properties);
    const unknown = (untrusted.restrictedConfigurations ?? []).filter((key) => !declared.includes(key));
    assert.deepEqual(unknown, [], 'restrictedConfigurations names settings the extension does not declare');
    const virtual = capabilities?.virtualWorkspaces;
    assert.ok(virtual !== undefined, 'capabilities.virtualWorkspaces is missing');
  });
});
