/**
 * Generation ids and where each generation lives in global storage. Ids sort by the time the run
 * started, so listing the folders gives the newest first without reading a record.
 */
export const GENERATIONS = 'generations';
const GENERATION_ID = /^[0-9]{8}T[0-9]{6}(?:[0-9]{3})?-[a-z0-9]{6}$/;

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

export function isGenerationId(value: unknown): value is string {
  return typeof value === 'string' && GENERATION_ID.test(value);
}

