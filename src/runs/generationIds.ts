/**
 * Generation ids and where each generation lives in global storage. Ids sort by the time the run
 * started, so listing the folders gives the newest first without reading a record.
 */
export const GENERATIONS = 'generations';

export function generationFolder(id: string): string {
  return `${GENERATIONS}/${id}`;
}

export function newGenerationId(now: Date, random: () => number): string {
  // Milliseconds too: ids sort by time, and several runs can start within one second.
  const stamp = now.toISOString().replace(/[-:.]/g, '').slice(0, 18);
  let suffix = '';
  for (let i = 0; i < 6; i++) {
    suffix += '0123456789abcdefghijklmnopqrstuvwxyz'[Math.floor(random() * 36)];
  }
  return `${stamp}-${suffix}`;
}

// The shape is the webviews' too (their messages name runs): defined once, in src/shared.
export { isGenerationId } from '../shared/idShapes';

