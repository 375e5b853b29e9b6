/**
 * Plain readings of an extension manifest for the package test: which %placeholders% it uses,
 * which files it points at, which VSIX paths the allowlist admits, and version arithmetic.
 */

/** Every `%key%` string anywhere in a manifest value. */
export function nlsPlaceholders(value: unknown): string[] {
  if (typeof value === 'string') {
    const match = /^%([^%\s]+)%$/.exec(value);
    return match ? [match[1]] : [];
  }
  if (Array.isArray(value)) {
    return value.flatMap(nlsPlaceholders);
  }
  if (value !== null && typeof value === 'object') {
    return Object.values(value).flatMap(nlsPlaceholders);
  }
  return [];
}

/** The value with every `%key%` replaced from the bundle (unknown keys stay as they are). */
export function localize<T>(value: T, bundle: Record<string, string>): T {
  const walk = (node: unknown): unknown => {
    if (typeof node === 'string') {
      const match = /^%([^%\s]+)%$/.exec(node);
      return match && bundle[match[1]] !== undefined ? bundle[match[1]] : node;
    }
    if (Array.isArray(node)) {
      return node.map(walk);
    }
    if (node !== null && typeof node === 'object') {
      return Object.fromEntries(Object.entries(node).map(([key, inner]) => [key, walk(inner)]));
    }
    return node;
  };
  return walk(value) as T;
}

interface WalkthroughMedia {
  image?: string | { light?: string; dark?: string; hc?: string; hcLight?: string };
  svg?: string;
  markdown?: string;
}

export interface ManifestFiles {
  main?: string;
  browser?: string;
  icon?: string;
  contributes?: {
    walkthroughs?: { steps?: { media?: WalkthroughMedia }[] }[];
  };
}

const normalise = (file: string): string => file.replace(/^\.\//, '');

/** Files inside the extension that the manifest names, relative to the extension's root. */
export function referencedFiles(manifest: ManifestFiles): string[] {
  const files: string[] = [];
  for (const entry of [manifest.main, manifest.browser]) {
    if (entry) {
      files.push(/\.[cm]?js$/.test(entry) ? entry : `${entry}.js`);
    }
  }
  if (manifest.icon) {
    files.push(manifest.icon);
  }
  for (const walkthrough of manifest.contributes?.walkthroughs ?? []) {
    for (const step of walkthrough.steps ?? []) {
      const media = step.media ?? {};
      if (typeof media.image === 'string') {
        files.push(media.image);
      } else if (media.image) {
        files.push(...Object.values(media.image).filter((file): file is string => typeof file === 'string'));
      }
      for (const file of [media.svg, media.markdown]) {
        if (file) {
          files.push(file);
        }
      }
    }
  }
  return [...new Set(files.map(normalise))];
}

/**
 * The allowlist of the issue, for paths inside the VSIX's `extension/` folder (vsce renames
 * README, CHANGELOG and LICENSE on the way in). Returns why a path is refused, or undefined.
 */
export function refusalOf(path: string): string | undefined {
  if (/(^|\/)node_modules\//.test(path)) {
    return 'node_modules';
  }
  if (/^(src|test|out)\//.test(path)) {
    return 'source or test folder';
  }
  if (/\.(ts|map)$/.test(path)) {
    return 'TypeScript source or source map';
  }
  const allowed = [
    /^package\.json$/,
    /^package\.nls(\.[A-Za-z-]+)?\.json$/,
    /^l10n\/[^/]+\.json$/,
    /^readme\.md$/,
    /^changelog\.md$/,
    /^LICENSE\.txt$/,
    /^dist\/.+\.(js|wasm)$/,
    /^media\/.+$/,
  ];
  return allowed.some((pattern) => pattern.test(path)) ? undefined : 'not on the allowlist';
}

/** The lowest VS Code an `engines.vscode` range such as `^1.100.0` admits. */
export function lowestEngine(range: string): string {
  const match = /^[\^~>=]*\s*(\d+\.\d+\.\d+)$/.exec(range.trim());
  if (!match) {
    throw new Error(`Unexpected engines.vscode range: ${range}`);
  }
  return match[1];
}

/** Negative, zero or positive as a is older than, equal to or newer than b (major.minor.patch). */
export function compareVersions(a: string, b: string): number {
  const parts = (version: string): number[] => version.split('-')[0].split('.').map((part) => Number(part));
  const [left, right] = [parts(a), parts(b)];
  for (let i = 0; i < 3; i++) {
    const difference = (left[i] ?? 0) - (right[i] ?? 0);
    if (difference !== 0) {
      return difference;
    }
  }
  return 0;
}
