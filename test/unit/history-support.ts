import type { GenerationRecord } from '../../src/runs/record';
import { sampleRecord } from './sampleRecord';

/** A stored run as the history reads it; `overrides` change what a test is about. */
export function historyRecord(id: string, overrides: Partial<GenerationRecord> = {}): GenerationRecord {
  return sampleRecord({
    id,
    results: [
      { id: 'r1', index: 1, status: 'ready', file: 'variation-1.webp', format: 'webp', width: 8, height: 6, bytes: 10 },
      { id: 'r2', index: 2, status: 'ready', file: 'variation-2.webp', format: 'webp', width: 8, height: 6, bytes: 10 },
    ],
    ...overrides,
  });
}

/** Ids as the store makes them (they sort by time). */
export const IDS = {
  older: '20261122T090000000-aaaaaa',
  middle: '20261123T100000000-bbbbbb',
  newer: '20261124T110000000-cccccc',
};
