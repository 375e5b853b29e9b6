import * as assert from 'node:assert/strict';
import { scriptOptionsOf, settingsJson } from '../../src/options/settingsJson';
import { MODELS, type VariationOptions } from '../../src/options/types';
import { validateScriptOptions } from '../../src/options/validate';

const OPTIONS: VariationOptions = {
  format: 'png', aspect_ratio: '16:9', num_outputs: 2, num_inference_steps: 12, seed: 4242,
  output_quality: 90, disable_safety_checker: false, megapixels: '0.25',
};

describe('options JSON with the model (Copy Settings, scripts)', () => {
  it('holds the model and every option, the seed included', () => {
    assert.deepEqual(JSON.parse(settingsJson('black-forest-labs/flux-redux-schnell', OPTIONS)), {
      model: 'black-forest-labs/flux-redux-schnell',
      ...OPTIONS,
    });
  });

  it('round-trips through validateScriptOptions for every model', () => {
    for (const model of MODELS) {
      const result = validateScriptOptions(JSON.parse(settingsJson(model, OPTIONS)));
      assert.ok(result.ok, result.ok ? '' : result.message);
      assert.deepEqual(result.value, scriptOptionsOf(model, OPTIONS));
    }
  });

  it('is indented for a keybinding or a task', () => {
    assert.match(settingsJson('black-forest-labs/flux-redux-dev', OPTIONS), /^\{\n {2}"model": "black-forest-labs\/flux-redux-dev",\n/);
  });

  it('scripts may give the model alone, and a model that is not one of ours is refused', () => {
    assert.deepEqual(validateScriptOptions({ model: 'black-forest-labs/flux-redux-dev' }), { ok: true, value: { model: 'black-forest-labs/flux-redux-dev' } });
    const refused = validateScriptOptions({ model: 'black-forest-labs/flux-pro', seed: -1 });
    assert.equal(refused.ok, false);
    assert.match(refused.ok ? '' : refused.message, /model must be one of "black-forest-labs\/flux-redux-dev", "black-forest-labs\/flux-redux-schnell"; got "black-forest-labs\/flux-pro"/);
    assert.match(refused.ok ? '' : refused.message, /seed must be/, 'every problem at once');
    assert.match(validateScriptOptions({ model: 3 }).ok ? '' : 'refused', /refused/);
  });

  it('names model among the known options', () => {
    const result = validateScriptOptions({ prompt: 'x' });
    assert.match(result.ok ? '' : result.message, /known options are format, .*, megapixels, model$/);
  });
});
