import * as assert from 'node:assert/strict';
import * as fs from 'node:fs';
import * as path from 'node:path';
import { NUM_OUTPUTS_RANGE, QUALITY_RANGE, SEED_RANGE, STEPS_RANGE } from '../../src/options/parameters';
import { presetNameProblem, presetOptionsOf, presetRun, readPresets, type Preset } from '../../src/options/presets';
import { ASPECT_RATIOS, FORMATS, MEGAPIXELS, MODELS } from '../../src/options/types';
import { SCRIPT_OPTION_KEYS } from '../../src/options/validate';

const SCHNELL = 'black-forest-labs/flux-redux-schnell' as const;
const DEV = 'black-forest-labs/flux-redux-dev' as const;

function names(presets: readonly Preset[]): string[] {
  return presets.map((preset) => `${preset.origin}:${preset.name}:${preset.kind}`);
}

describe('presets: fluxRedux.presets', () => {
  it('lists the user presets, then the workspace ones; a workspace preset of the same name replaces the user one', () => {
    const reading = readPresets(
      {
        user: { Wide: { aspect_ratio: '16:9' }, Draft: { model: SCHNELL, num_outputs: 4 } },
        workspace: { Draft: { num_outputs: 1 }, Team: { format: 'png', seed: 7 } },
      },
      true,
    );
    assert.deepEqual(names(reading.presets), ['user:Wide:usable', 'workspace:Draft:usable', 'workspace:Team:usable']);
    assert.deepEqual(reading.presets[1], { kind: 'usable', name: 'Draft', origin: 'workspace', options: { num_outputs: 1 } });
    assert.deepEqual(reading.notes, []);
  });

  it('in Restricted Mode reads the user presets only, and says the workspace ones were left out', () => {
    const reading = readPresets({ user: { Wide: { aspect_ratio: '16:9' } }, workspace: { Team: { format: 'png' } } }, false);
    assert.deepEqual(names(reading.presets), ['user:Wide:usable']);
    assert.equal(reading.notes.length, 1);
    assert.match(reading.notes[0], /workspace.*ignored.*not trusted \(Restricted Mode\)/);
    assert.deepEqual(readPresets({ user: {} }, false).notes, [], 'nothing to say when the workspace sets none');
  });

  it('keeps a wrong preset in the list with every problem in words, and the rest usable', () => {
    const reading = readPresets(
      {
        user: {
          Good: { seed: 42 },
          Bad: { aspect_ratio: '7:5', num_outputs: 9, colour: 'blue' },
          Megapixels: { megapixels: 1 },
          'Not options': 'wide',
          '   ': {},
        },
      },
      true,
    );
    assert.deepEqual(names(reading.presets), ['user:Good:usable', 'user:Bad:invalid', 'user:Megapixels:invalid', 'user:Not options:invalid', 'user:   :invalid']);
    const problems = reading.presets.map((preset) => (preset.kind === 'invalid' ? preset.problem : ''));
    assert.match(problems[1], /Unknown option "colour"/);
    assert.match(problems[1], /aspect_ratio must be one of .*got "7:5"/);
    assert.match(problems[1], /num_outputs must be a whole number from 1 to 4; got 9/);
    assert.match(problems[2], /megapixels must be the string "1" or "0.25", not a number/);
    assert.match(problems[3], /must be an object of options; got "wide" \(a string\)/);
    assert.equal(problems[4], 'A preset needs a name.');
  });

  it('ignores a setting that is not an object, saying so', () => {
    const reading = readPresets({ user: ['Wide'], workspace: null }, true);
    assert.deepEqual(reading.presets, []);
    assert.deepEqual(reading.notes, ['fluxRedux.presets in user settings is not an object (an array); it is ignored.']);
  });

  it('checks names: not empty, not too long, no control characters', () => {
    assert.equal(presetNameProblem('Wide banners'), undefined);
    assert.match(presetNameProblem('') ?? '', /needs a name/);
    assert.match(presetNameProblem('x'.repeat(81)) ?? '', /at most 80/);
    assert.equal(presetNameProblem('x'.repeat(80)), undefined);
    assert.match(presetNameProblem('a\nb') ?? '', /control characters/);
  });

  it('runs a preset as a script would: its fields over the settings, its model over fluxRedux.model, random seed when it has none', () => {
    const run = presetRun({ model: SCHNELL, aspect_ratio: '16:9' }, { num_outputs: 3, format: 'png' }, DEV);
    assert.deepEqual(run, {
      model: SCHNELL,
      choices: {
        format: 'png',
        aspect_ratio: '16:9',
        num_outputs: 3,
        num_inference_steps: 4, // Schnell's own pace, not Dev's 28
        seed: 'random',
        output_quality: 80,
        disable_safety_checker: false,
        megapixels: '1',
      },
    });
    assert.equal(presetRun({ seed: 5 }, {}, DEV).model, DEV);
    assert.equal(presetRun({ seed: 5 }, {}, DEV).choices.seed, 5);
  });

  it('stores every option and the model, leaving a random seed out', () => {
    const choices = presetRun({}, {}, DEV).choices;
    assert.deepEqual(presetOptionsOf(choices, DEV), {
      model: DEV,
      format: 'webp',
      aspect_ratio: '4:3',
      num_outputs: 1,
      num_inference_steps: 28,
      output_quality: 80,
      disable_safety_checker: false,
      megapixels: '1',
    });
    assert.equal(presetOptionsOf({ ...choices, seed: 9 }, DEV).seed, 9);
    assert.deepEqual(readPresets({ user: { Saved: presetOptionsOf({ ...choices, seed: 9 }, DEV) } }, true).presets[0].kind, 'usable', 'a saved preset reads back');
  });

  describe('the schema in package.json', () => {
    const manifest = JSON.parse(fs.readFileSync(path.resolve(__dirname, '..', '..', '..', 'package.json'), 'utf8')) as {
      contributes: { configuration: { properties: Record<string, { default?: unknown; additionalProperties: { additionalProperties: boolean; properties: Record<string, { enum?: unknown[]; minimum?: number; maximum?: number; type: string }> } }> } };
      capabilities: { untrustedWorkspaces: { restrictedConfigurations: string[] } };
    };
    const setting = manifest.contributes.configuration.properties['fluxRedux.presets'];
    const fields = setting.additionalProperties.properties;

    it('knows exactly the fields of the options JSON, and no other', () => {
      assert.deepEqual(Object.keys(fields).sort(), [...SCRIPT_OPTION_KEYS].sort());
      assert.equal(setting.additionalProperties.additionalProperties, false);
      assert.deepEqual(setting.default, {});
    });

    it('allows the values the validation allows', () => {
      assert.deepEqual(fields.model.enum, [...MODELS]);
      assert.deepEqual(fields.aspect_ratio.enum, [...ASPECT_RATIOS]);
      assert.deepEqual(fields.format.enum, [...FORMATS]);
      assert.deepEqual(fields.megapixels.enum, [...MEGAPIXELS]);
      assert.deepEqual(fields.disable_safety_checker.type, 'boolean');
      for (const [field, range] of [
        ['num_outputs', NUM_OUTPUTS_RANGE],
        ['num_inference_steps', STEPS_RANGE],
        ['seed', SEED_RANGE],
        ['output_quality', QUALITY_RANGE],
      ] as const) {
        assert.deepEqual([fields[field].type, fields[field].minimum, fields[field].maximum], ['integer', range.min, range.max], field);
      }
    });

    it('is restricted in untrusted workspaces', () => {
      assert.ok(manifest.capabilities.untrustedWorkspaces.restrictedConfigurations.includes('fluxRedux.presets'));
    });
  });
});
