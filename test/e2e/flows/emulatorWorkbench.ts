/**
 * One emulator and one workbench per describe block, the workbench pointed at the emulator.
 * useWorkbench from ../support takes its settings when the describe is declared, but the
 * emulator's ports exist only once it has started, so this starts both in one before hook.
 */
import { startEmulator, type Emulator, type EmulatorOptions } from '../../emulator';
import { keepArtifactsOfFailedTests, startWorkbench, type ColorTheme, type Workbench } from '../support';

const START_TIMEOUT_MS = 180_000;

export interface EmulatorWorkbenchOptions {
  label: string;
  /** Give the key to the extension host through ONEMIN_AI_API_KEY (default true). */
  keyInEnvironment?: boolean;
  theme?: ColorTheme;
  emulator?: Omit<EmulatorOptions, 'apiPort' | 'assetPort' | 'log'>;
  userSettings?: Record<string, unknown>;
  viewport?: { width: number; height: number };
}

/** Getters, not methods: tests take them apart (`const { workbench } = ...`). */
export interface EmulatorWorkbench {
  workbench: () => Workbench;
  emulator: () => Emulator;
}

/** The user settings that send the extension's requests to the emulator. */
export function emulatorSettings(emulator: Emulator): Record<string, unknown> {
  return {
    'fluxRedux.apiBaseUrl': emulator.apiBaseUrl,
    'fluxRedux.assetBaseUrls': emulator.assetBaseUrls,
  };
}

export function useEmulatorWorkbench(options: EmulatorWorkbenchOptions): EmulatorWorkbench {
  let emulator: Emulator | undefined;
  let workbench: Workbench | undefined;

  before(async function () {
    this.timeout(START_TIMEOUT_MS);
    emulator = await startEmulator(options.emulator);
    workbench = await startWorkbench({
      label: options.label,
      theme: options.theme,
      viewport: options.viewport,
      userSettings: { ...emulatorSettings(emulator), ...(options.userSettings ?? {}) },
      env: options.keyInEnvironment === false ? {} : { ONEMIN_AI_API_KEY: emulator.apiKey },
    });
  });

  keepArtifactsOfFailedTests(() => workbench);

  after(async function () {
    this.timeout(60_000);
    await workbench?.stop();
    await emulator?.close();
    workbench = undefined;
    emulator = undefined;
  });

  return {
    workbench: () => {
      if (!workbench) {
        throw new Error('The workbench is not running (its start failed, or the test runs outside the describe block)');
      }
      return workbench;
    },
    emulator: () => {
      if (!emulator) {
        throw new Error('The emulator is not running (its start failed, or the test runs outside the describe block)');
      }
      return emulator;
    },
  };
}
