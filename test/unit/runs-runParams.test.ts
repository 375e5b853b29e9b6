import * as assert from 'node:assert/strict';
import type { PreparedUpload } from '../../src/imaging/prepareUpload';
import type { VariationOptions } from '../../src/options/types';
import { runParamsForPrepared } from '../../src/runs/runParams';

const OPTIONS: VariationOptions = {
  format: 'png', aspect_ratio: '16:9', num_outputs: 1, num_inference_steps: 12, seed: 4242,
  output_quality: 90, disable_safety_checker: false, megapixels: '1',
};

function preparedJpeg(bytes: number[]): PreparedUpload {
  return {
    bytes: new Uint8Array(bytes), mimeType: 'image/jpeg', fileName: 'harbour.jpg',
    width: 1536, height: 1024, sourceFormat: 'jpeg', action: 'downscaled',
  };
}

describe('runParamsForPrepared', () => {
  it('records what is sent: its format, size and bytes, and keeps those bytes as the stored copy', () => {
    const upload = preparedJpeg([5, 6, 7]);
    const params = runParamsForPrepared({ uri: 'file:///w/harbour.heic', name: 'harbour.heic', upload }, 'black-forest-labs/flux-redux-dev', OPTIONS, 'https://api.example');
    assert.deepEqual(params.source, { uri: 'file:///w/harbour.heic', name: 'harbour.heic', format: 'jpeg', width: 1536, height: 1024, bytes: 3 });
    assert.equal(params.sourceBytes, upload.bytes);
    assert.deepEqual(params.upload, { bytes: upload.bytes, fileName: 'harbour.jpg', mimeType: 'image/jpeg' });
    assert.equal(params.model, 'black-forest-labs/flux-redux-dev');
    assert.equal(params.apiOrigin, 'https://api.example');
  });
});
