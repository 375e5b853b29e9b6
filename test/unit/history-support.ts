import type { GenerationRecord } from '../../src/runs/record';

/** A stored run as the history reads it; `overrides` change what a test is about. */
export function historyRecord(id: string, overrides: Partial<GenerationRecord> = {}): GenerationRecord {
  return {
    version: 2,
    id,
    createdAt: '2026-11-23T10:00:00.000Z',
    updatedAt: '2026-11-23T10:00:00.000Z',
    source: { uri: 'file:///w/cat.png', name: 'cat.png', storedFile: 'source.png', format: 'png', width: 30, height: 20, bytes: 100 },
    model: 'black-forest-labs/flux-redux-dev',
    options: {
      format: 'webp', aspect_ratio: '4:3', num_outputs: 2, num_inference_steps: 28, seed: 7,
      output_quality: 80, disable_safety_checker: false, megapixels: '1',
    },
    apiOrigin: 'https://api.1min.ai',
    phase: 'done',
    results: [
      { id: 'r1', index: 1, status: 'ready', file: 'variation-1.webp', format: 'webp', width: 8, height: 6, bytes: 10 },
      { id: 'r2', index: 2, status: 'ready', file: 'variation-2.webp', format: 'webp', width: 8, height: 6, bytes: 10 },
    ],
    ...overrides,
  };
}

/** Ids as the store makes them (they sort by time). */
export const IDS = {
  older: '20261122T090000000-aaaaaa',
  middle: '20261123T100000000-bbbbbb',
  newer: '20261124T110000000-cccccc',
};
