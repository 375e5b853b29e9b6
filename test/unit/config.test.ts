import * as assert from 'node:assert/strict';
import * as fs from 'node:fs';
import * as path from 'node:path';
import {
  parseConfig,
  parseOptionDefaults,
  SETTING_DEFAULTS,
  settingReader,
  USER_ONLY_SETTINGS,
  type SettingKey,
  type SettingsSection,
} from '../../src/config';

const repoRoot = path.resolve(__dirname, '..', '..', '..');

interface DeclaredSetting {
  default?: unknown;
  scope?: string;
}

function declaredSettings(): Record<string, DeclaredSetting> {
  const manifest = JSON.parse(fs.readFileSync(path.join(repoRoot, 'package.json'), 'utf8')) as {
    contributes: { configuration: { properties: Record<string, DeclaredSetting> } };
  };
  const settings: Record<string, DeclaredSetting> = {};
  for (const [name, declared] of Object.entries(manifest.contributes.configuration.properties)) {
    assert.ok(name.startsWith('fluxRedux.'), `${name} is in the fluxRedux section`);
    settings[name.slice('fluxRedux.'.length)] = declared;
  }
  return settings;
}

function settingsFrom(values: Record<string, unknown>): (key: string) => unknown {
  return (key) => values[key];
}

const MB = 1024 * 1024;

describe('config: one set of defaults, tied to package.json', () => {
  const declared = declaredSettings();

  it('has a default for every setting package.json declares, equal to the declared one', () => {
    for (const [key, setting] of Object.entries(declared)) {
      assert.ok(key in SETTING_DEFAULTS, `SETTING_DEFAULTS has no fluxRedux.${key}`);
      assert.ok('default' in setting, `package.json declares no default for fluxRedux.${key}`);
      assert.deepEqual(SETTING_DEFAULTS[key as SettingKey], setting.default, `default of fluxRedux.${key}`);
    }
  });

  it('has no default for a setting package.json does not declare', () => {
    assert.deepEqual(Object.keys(SETTING_DEFAULTS).filter((key) => !(key in declared)), []);
  });

  it('reads from user settings only exactly the settings declared with application scope', () => {
    const applicationScoped = Object.entries(declared)
      .filter(([, setting]) => setting.scope === 'application')
      .map(([key]) => key)
      .sort();
    assert.deepEqual([...USER_ONLY_SETTINGS].sort(), applicationScoped);
    // generationMode joined them (issue 11): a workspace must not choose how the paid call talks to the user's gateway.
    assert.deepEqual(applicationScoped, [
      'apiBaseUrl',
      'assetBaseUrls',
      'downscaleBeforeUpload',
      'generationMode',
      'keepImageMetadata',
      'maxUploadMB',
      'uploadEarly',
    ]);
  });
});

interface InspectedValues {
  globalValue?: unknown;
  workspaceValue?: unknown;
  workspaceFolderValue?: unknown;
}

/**
 * A configuration section at its worst: `get` lets a workspace value win over the user's (VS Code
 * itself drops application-scoped workspace values, but the reader must not rely on it), and
 * `inspect` gives each layer apart.
 */
function sectionWith(layers: Partial<Record<string, InspectedValues>>): SettingsSection {
  return {
    get: (key) => {
      const values = layers[key];
      return values?.workspaceFolderValue ?? values?.workspaceValue ?? values?.globalValue;
    },
    inspect: (key) => ({ ...layers[key] }),
  };
}

/** A workspace value that would weaken each user-only setting, or point it elsewhere. */
const HOSTILE_WORKSPACE_VALUES: Record<string, unknown> = {
  apiBaseUrl: 'http://127.0.0.1:9',
  assetBaseUrls: ['http://127.0.0.1:9'],
  uploadEarly: true,
  maxUploadMB: 200,
  downscaleBeforeUpload: false,
  keepImageMetadata: true,
  generationMode: 'sync',
};

describe('user-only settings: a workspace cannot set them', () => {
  it('has a hostile workspace value to try for every user-only setting', () => {
    assert.deepEqual(Object.keys(HOSTILE_WORKSPACE_VALUES).sort(), [...USER_ONLY_SETTINGS].sort());
  });

  for (const key of USER_ONLY_SETTINGS) {
    it(`ignores a workspace or folder value of fluxRedux.${key} and keeps the default`, () => {
      for (const layer of ['workspaceValue', 'workspaceFolderValue'] as const) {
        const section = sectionWith({ [key]: { [layer]: HOSTILE_WORKSPACE_VALUES[key] } });
        assert.deepEqual(parseConfig(settingReader(section)), parseConfig(() => undefined), `${layer} of ${key}`);
      }
    });

    it(`ignores a workspace value of fluxRedux.${key} and keeps the user's own`, () => {
      // The user's value is the default here: the only one of a boolean that differs from the hostile one.
      const userValue = SETTING_DEFAULTS[key];
      const section = sectionWith({ [key]: { globalValue: userValue, workspaceValue: HOSTILE_WORKSPACE_VALUES[key] } });
      assert.deepEqual(settingReader(section)(key), userValue);
    });
  }

  it('still takes a workspace value of a setting a workspace may set', () => {
    const section = sectionWith({ saveFolder: { globalValue: 'mine', workspaceValue: 'project-variations' } });
    assert.equal(parseConfig(settingReader(section)).saveFolder, 'project-variations');
  });

  it('takes the user value of a user-only setting', () => {
    const section = sectionWith({ keepImageMetadata: { globalValue: true }, maxUploadMB: { globalValue: 10 } });
    const config = parseConfig(settingReader(section));
    assert.equal(config.keepImageMetadata, true);
    assert.equal(config.maxUploadBytes, 10 * MB);
  });
});

describe('parseConfig', () => {
  it('gives the defaults when nothing is set', () => {
    assert.deepEqual(parseConfig(() => undefined), {
      model: 'black-forest-labs/flux-redux-dev',
      optionDefaults: { format: 'webp', aspect_ratio: '4:3', num_outputs: 1, output_quality: 80, disable_safety_checker: false, megapixels: '1' },
      apiBaseUrl: 'https://api.1min.ai',
      assetBaseUrls: ['https://asset.1min.ai', 'https://s3.us-east-1.amazonaws.com/asset.1min.ai'],
      saveFolder: 'variations',
      requestTimeoutMs: 300_000,
      generationMode: 'async',
      concurrency: 2,
      maxUploadBytes: 50 * MB,
      downscaleBeforeUpload: true,
      uploadEarly: false,
      keepImageMetadata: false,
      embedRecipe: true,
      maxStorageMB: 2048,
    });
  });

  it('takes valid values as set', () => {
    const config = parseConfig(
      settingsFrom({
        model: 'black-forest-labs/flux-redux-schnell',
        'defaults.numOutputs': 3,
        'defaults.seed': 9,
        apiBaseUrl: 'http://127.0.0.1:8080',
        assetBaseUrls: ['http://127.0.0.1:8081'],
        saveFolder: 'out/variations',
        requestTimeoutSeconds: 60,
        generationMode: 'sync',
        concurrency: 4,
        maxUploadMB: 20,
        downscaleBeforeUpload: false,
        uploadEarly: true,
        keepImageMetadata: true,
        embedRecipe: false,
      }),
    );
    assert.equal(config.model, 'black-forest-labs/flux-redux-schnell');
    assert.equal(config.optionDefaults.num_outputs, 3);
    assert.equal(config.optionDefaults.seed, 9);
    assert.equal(config.apiBaseUrl, 'http://127.0.0.1:8080');
    assert.deepEqual(config.assetBaseUrls, ['http://127.0.0.1:8081']);
    assert.equal(config.saveFolder, 'out/variations');
    assert.equal(config.requestTimeoutMs, 60_000);
    assert.equal(config.generationMode, 'sync');
    assert.equal(config.concurrency, 4);
    assert.equal(config.maxUploadBytes, 20 * MB);
    assert.equal(config.downscaleBeforeUpload, false);
    assert.equal(config.uploadEarly, true);
    assert.equal(config.keepImageMetadata, true);
    assert.equal(config.embedRecipe, false);
  });

  it('falls back to the default for each invalid value', () => {
    const config = parseConfig(
      settingsFrom({
        model: 'black-forest-labs/flux-pro',
        apiBaseUrl: '',
        assetBaseUrls: [],
        saveFolder: 42,
        requestTimeoutSeconds: 'soon',
        generationMode: 'later',
        concurrency: null,
        maxUploadMB: -3,
        uploadEarly: 'yes',
        keepImageMetadata: 1,
        embedRecipe: 0,
      }),
    );
    assert.equal(config.model, 'black-forest-labs/flux-redux-dev');
    assert.equal(config.apiBaseUrl, 'https://api.1min.ai');
    assert.deepEqual(config.assetBaseUrls, SETTING_DEFAULTS.assetBaseUrls);
    assert.equal(config.saveFolder, 'variations');
    assert.equal(config.requestTimeoutMs, 300_000);
    assert.equal(config.generationMode, 'async');
    assert.equal(config.concurrency, 2);
    assert.equal(config.maxUploadBytes, 50 * MB);
    assert.equal(config.uploadEarly, false, 'only true itself turns early upload on');
    assert.equal(config.keepImageMetadata, false, 'only true itself keeps metadata');
    assert.equal(config.embedRecipe, true, 'only false itself turns the recipe off');
    assert.equal(parseConfig(settingsFrom({ assetBaseUrls: ['https://a', 7] })).assetBaseUrls.length, 2, 'a list with a non-string falls back whole');
    assert.equal(parseConfig(settingsFrom({ maxUploadMB: null })).maxUploadBytes, 50 * MB);
    assert.equal(parseConfig(settingsFrom({ apiBaseUrl: { host: 'x' } })).apiBaseUrl, 'https://api.1min.ai');
    assert.equal(parseConfig(settingsFrom({ maxUploadMB: 'lots' })).maxUploadBytes, 50 * MB);
  });

  it('clamps the timeout and the concurrency to what the extension can use', () => {
    assert.equal(parseConfig(settingsFrom({ requestTimeoutSeconds: 1 })).requestTimeoutMs, 10_000);
    assert.equal(parseConfig(settingsFrom({ concurrency: 0 })).concurrency, 1);
    assert.equal(parseConfig(settingsFrom({ concurrency: 20 })).concurrency, 8);
    assert.equal(parseConfig(settingsFrom({ concurrency: 2.7 })).concurrency, 2);
  });

  it('keeps the history storage cap within 1–100000 MB and falls back to 2048 for a non-number', () => {
    assert.equal(parseConfig(settingsFrom({ 'history.maxStorageMB': 500 })).maxStorageMB, 500);
    assert.equal(parseConfig(settingsFrom({ 'history.maxStorageMB': 0 })).maxStorageMB, 1);
    assert.equal(parseConfig(settingsFrom({ 'history.maxStorageMB': 1e9 })).maxStorageMB, 100_000);
    assert.equal(parseConfig(settingsFrom({ 'history.maxStorageMB': 'lots' })).maxStorageMB, 2048);
  });

  it('downscales unless the setting is false itself, as before', () => {
    assert.equal(parseConfig(settingsFrom({ downscaleBeforeUpload: 'no' })).downscaleBeforeUpload, true);
  });

  it('leaves an invalid or null option default to the next layer', () => {
    const config = parseConfig(settingsFrom({ 'defaults.format': 'gif', 'defaults.outputQuality': null }));
    assert.equal(config.optionDefaults.format, undefined);
    assert.equal(config.optionDefaults.output_quality, undefined);
    assert.equal(config.optionDefaults.aspect_ratio, '4:3');
  });
});

describe('parseOptionDefaults (the fluxRedux.defaults.* layer, moved here from options/resolve)', () => {
  it('maps each fluxRedux.defaults.* setting to its API field', () => {
    const defaults = parseOptionDefaults(
      settingsFrom({
        'defaults.aspectRatio': '16:9',
        'defaults.numOutputs': 3,
        'defaults.format': 'png',
        'defaults.megapixels': '0.25',
        'defaults.numInferenceSteps': 40,
        'defaults.outputQuality': 95,
        'defaults.seed': 7,
        'defaults.disableSafetyChecker': true,
      }),
    );
    assert.deepEqual(defaults, {
      aspect_ratio: '16:9',
      num_outputs: 3,
      format: 'png',
      megapixels: '0.25',
      num_inference_steps: 40,
      output_quality: 95,
      seed: 7,
      disable_safety_checker: true,
    });
  });

  it('leaves out settings that are null or unset', () => {
    assert.deepEqual(
      parseOptionDefaults(settingsFrom({ 'defaults.numInferenceSteps': null, 'defaults.seed': null, 'defaults.format': 'jpg' })),
      { format: 'jpg' },
    );
  });

  it('ignores invalid settings one by one', () => {
    const defaults = parseOptionDefaults(
      settingsFrom({
        'defaults.aspectRatio': '2:1',
        'defaults.numOutputs': 9,
        'defaults.megapixels': 1,
        'defaults.outputQuality': 0,
        'defaults.seed': -5,
        'defaults.numInferenceSteps': 'many',
        'defaults.disableSafetyChecker': 'yes',
        'defaults.format': 'png',
      }),
    );
    assert.deepEqual(defaults, { format: 'png' });
  });
});

