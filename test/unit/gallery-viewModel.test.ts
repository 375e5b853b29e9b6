import * as assert from 'node:assert/strict';
import { toGalleryView, type ViewContext } from '../../src/gallery/viewModel';
import type { GenerationRecord } from '../../src/runs/record';
import { sampleRecord } from './sampleRecord';

const context: ViewContext = { fileSrc: (name) => `https://webview/${name}`, actionLabel: (id) => id };

function record(extra: Partial<GenerationRecord>): GenerationRecord {
  return sampleRecord({ version: 1, options: { num_outputs: 4, num_inference_steps: 50 }, ...extra });
}

describe('gallery view model', () => {
  it('sends no usual duration while generating: the old formula made one up', () => {
    const view = toGalleryView(record({ phase: 'generating', generateStartedAt: 1_000 }), {}, context);
    assert.deepEqual(view.state, { kind: 'generating', startedAt: 1_000 });
  });

  it('sends a usual duration while generating only when the user\'s own runs give one', () => {
    const generating = record({ phase: 'generating', generateStartedAt: 1_000 });
    assert.deepEqual(toGalleryView(generating, {}, { ...context, typicalSeconds: () => 38 }).state, { kind: 'generating', startedAt: 1_000, typicalSeconds: 38 });
    assert.deepEqual(toGalleryView(generating, {}, { ...context, typicalSeconds: () => undefined }).state, { kind: 'generating', startedAt: 1_000 });
    let asked = 0;
    toGalleryView(record({ phase: 'done' }), {}, { ...context, typicalSeconds: () => (asked++, 38) });
    assert.equal(asked, 0, 'a finished run has no use for it');
  });

  it('sends the account figure as the account\'s, and this run\'s cost only when the run has one', () => {
    const credits = { used: 385_500, limit: 100_000_000, usedAtPaidCall: 370_500 };
    const costed = toGalleryView(record({ credits, cost: { credits: 15_000 } }), {}, context);
    assert.deepEqual(costed.credits, { used: 385_500, limit: 100_000_000 }, 'the readings behind the cost stay on the host');
    assert.equal(costed.runCost, 15_000);
    const uncosted = toGalleryView(record({ credits }), {}, context);
    assert.deepEqual(uncosted.credits, { used: 385_500, limit: 100_000_000 });
    assert.equal(uncosted.runCost, undefined, 'no cost when it could not be told');
    assert.equal(toGalleryView(record({}), {}, context).credits, undefined);
  });

  it('passes where a result was saved to the card', () => {
    const view = toGalleryView(record({
      results: [
        { id: 'r1', index: 1, status: 'ready', file: 'r1.webp', savedTo: 'pics/cat-variation-1.webp', savedUri: 'file:///w/pics/cat-variation-1.webp' },
        { id: 'r2', index: 2, status: 'ready', file: 'r2.webp' },
      ],
    }), {}, context);
    assert.deepEqual(view.results.map((r) => r.savedTo), ['pics/cat-variation-1.webp', undefined]);
    assert.equal(view.results[0].src, 'https://webview/r1.webp');
  });
});
