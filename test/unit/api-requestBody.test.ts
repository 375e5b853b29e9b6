import * as assert from 'node:assert/strict';
import { pickPromptOptions, variationRequestBody } from '../../src/api/requestBody';
import type { VariationOptions } from '../../src/options/types';

const OPTIONS: VariationOptions = {
  format: 'webp',
  aspect_ratio: '16:9',
  num_outputs: 2,
  num_inference_steps: 28,
  seed: 42,
  output_quality: 80,
  disable_safety_checker: false,
  megapixels: '1',
};

describe('api/requestBody', () => {
  it('is an IMAGE_VARIATOR call with the uploaded image and the options in promptObject', () => {
    const body: unknown = JSON.parse(
      variationRequestBody({ model: 'black-forest-labs/flux-redux-schnell', imageUrl: 'development/images/a.png', options: OPTIONS }),
    );
    assert.deepEqual(body, {
      type: 'IMAGE_VARIATOR',
      model: 'black-forest-labs/flux-redux-schnell',
      promptObject: { imageUrl: 'development/images/a.png', ...OPTIONS },
    });
  });

  it('puts "async": true at the top level, beside type, only when asked', () => {
    const req = { model: 'black-forest-labs/flux-redux-dev' as const, imageUrl: 'development/images/a.png', options: OPTIONS };
    const body = JSON.parse(variationRequestBody(req, { asynchronous: true })) as Record<string, unknown>;
    assert.equal(body.async, true);
    assert.equal('async' in (body.promptObject as object), false);
    assert.equal('async' in (JSON.parse(variationRequestBody(req, { asynchronous: false })) as object), false);
  });

  it('sends only the fields the API knows', () => {
    const withStray = { ...OPTIONS, apiKey: 'not-for-the-body', imageUrl: 'elsewhere' } as VariationOptions;
    assert.deepEqual(pickPromptOptions(withStray), OPTIONS);
    const body = JSON.parse(variationRequestBody({ model: 'black-forest-labs/flux-redux-dev', imageUrl: 'mine.png', options: withStray })) as {
      promptObject: Record<string, unknown>;
    };
    assert.equal(body.promptObject.imageUrl, 'mine.png', 'the stray imageUrl does not replace the upload');
    assert.equal('apiKey' in body.promptObject, false);
  });
});
