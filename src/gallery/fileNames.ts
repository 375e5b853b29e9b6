/**
 * Names for saved variations: `<source stem>-variation-<n>.<real extension>`, the lowest free n.
 * Plain string logic; the caller says which names exist.
 */
import { t } from '../l10n';

const WINDOWS_RESERVED = /^(con|prn|aux|nul|com[0-9]|lpt[0-9])$/i;

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

export function variationFileName(sourceName: string, n: number, extension: string): string {
  return `${sanitizeStem(sourceName)}-variation-${n}.${extension.replace(/[^a-z0-9]/gi, '')}`;
}

/** The first free name, asking `exists` in order; bounded so a pathological folder cannot spin. */
export async function firstFreeVariationName(
  sourceName: string,
  extension: string,
  exists: (name: string) => Promise<boolean>,
  startAt = 1,
): Promise<string> {
  for (let n = Math.max(1, startAt); n < startAt + 10_000; n++) {
    const name = variationFileName(sourceName, n, extension);
    if (!(await exists(name))) {
      return name;
    }
  }
  throw new Error(t('No free file name was found for a variation of {0}: the save folder already holds thousands of them. Choose another folder with Save As….', sourceName));
}
