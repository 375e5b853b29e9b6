/**
 * Names for saved variations. Variation n saves as `<source stem>-variation-<n>.<real extension>`;
 * when that name is taken, `<stem>-variation-<n>-<k>.<ext>` with the lowest free k ≥ 2, so a
 * file's name always says which variation it holds. Plain string logic; the caller says which
 * names exist.
 */
import * as l10n from '@vscode/l10n';

const WINDOWS_RESERVED = /^(con|prn|aux|nul|com[0-9]|lpt[0-9])$/i;

/** How many names one variation may try before Save gives up and points at Save As…. */
export const MAX_NAME_ATTEMPTS = 10_000;

/** The source's name without its extension, made safe as a file name on every platform. */
export function sanitizeStem(fileName: string): string {
  const base = fileName.split(/[\\/]/).pop() ?? '';
  const dot = base.lastIndexOf('.');
  const stem = dot > 0 ? base.slice(0, dot) : base;
  let safe = stem
    .replace(/[\u0000-\u001f\u007f<>:"/\\|?*]/g, '_')
    .replace(/^[.\s]+|[.\s]+$/g, '')
    .slice(0, 120);
  if (safe.length === 0) {
    safe = 'image';
  }
  if (WINDOWS_RESERVED.test(safe)) {
    safe = `${safe}_`;
  }
  return safe;
}

/** The name of variation `n`; `copy` (≥ 2) is the suffix used when the plain name is taken. */
export function variationFileName(sourceName: string, n: number, extension: string, copy?: number): string {
  const suffix = copy !== undefined && copy >= 2 ? `-${copy}` : '';
  return `${sanitizeStem(sourceName)}-variation-${n}${suffix}.${extension.replace(/[^a-z0-9]/gi, '')}`;
}

/** Every name variation `n` may take, in order of preference: the plain name, then k = 2, 3, …. */
export function* variationNameCandidates(sourceName: string, n: number, extension: string): Generator<string> {
  yield variationFileName(sourceName, n, extension);
  for (let copy = 2; copy <= MAX_NAME_ATTEMPTS; copy++) {
    yield variationFileName(sourceName, n, extension, copy);
  }
}

export function noFreeNameMessage(sourceName: string): string {
  return l10n.t('No free file name was found for a variation of {0}: the save folder already holds thousands of them. Choose another folder with Save As….', sourceName);
}

/** The first name of variation `n` that `exists` says is free; bounded so a pathological folder cannot spin. */
export async function firstFreeVariationName(
  sourceName: string,
  n: number,
  extension: string,
  exists: (name: string) => Promise<boolean>,
): Promise<string> {
  for (const name of variationNameCandidates(sourceName, n, extension)) {
    if (!(await exists(name))) {
      return name;
    }
  }
  throw new Error(noFreeNameMessage(sourceName));
}
