import type { VariationOptions } from '../../src/options/types';
import type { GenerationRecord } from '../../src/runs/record';

/**
 * A finished run of cat.png with no results, for tests of what reads records; a test overrides
 * what it is about (options are merged, so one field can change alone).
 */
export function sampleRecord(overrides: Partial<Omit<GenerationRecord, 'options'>> & { options?: Partial<VariationOptions> } = {}): GenerationRecord {
  const { options, ...rest } = overrides;
  return {
    version: 2,
    id: 'g1',
    createdAt: '2026-11-23T10:00:00.000Z',
    updatedAt: '2026-11-23T10:00:00.000Z',
    source: { uri: 'file:///w/cat.png', name: 'cat.png', storedFile: 'source.png', format: 'png', width: 30, height: 20, bytes: 100 },
    model: 'black-forest-labs/flux-redux-dev',
    options: {
      format: 'webp', aspect_ratio: '4:3', num_outputs: 2, num_inference_steps: 28, seed: 7,
      output_quality: 80, disable_safety_checker: false, megapixels: '1',
      ...options,
    },
    apiOrigin: 'https://api.1min.ai',
    phase: 'done',
    results: [],
    ...rest,
  };
}
