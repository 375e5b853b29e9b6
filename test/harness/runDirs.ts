/**
 * Fresh folders for one run: a temp root holding the user-data dir (with settings.json), an
 * empty extensions dir and a copy of the fixture workspace, so no run sees another's state.
 */
import * as fs from 'fs';
import * as os from 'os';
import * as path from 'path';

export interface RunDirs {
  root: string;
  userDataDir: string;
  extensionsDir: string;
  workspaceDir: string;
  remove(): void;
}

/** Settings every run gets, so nothing modal or networked gets in a test's way. */
export const BASE_USER_SETTINGS: Readonly<Record<string, unknown>> = {
  // The trust dialog is modal and blocks every click; tests about trust can turn it back on.
  'security.workspace.trust.enabled': false,
  'workbench.startupEditor': 'none',
  'workbench.tips.enabled': false,
  'workbench.enableExperiments': false,
  'telemetry.telemetryLevel': 'off',
  'update.mode': 'none',
  'extensions.autoCheckUpdates': false,
  'extensions.autoUpdate': false,
  'extensions.ignoreRecommendations': true,
  'git.enabled': false,
};

export interface RunDirsOptions {
  /** A folder copied as the workspace; an empty folder when absent. */
  workspaceFixture?: string;
  /** Merged over BASE_USER_SETTINGS into User/settings.json. */
  userSettings?: Record<string, unknown>;
  /** Short label that appears in the temp folder's name, to find it when debugging. */
  label?: string;
}

export function createRunDirs(options: RunDirsOptions = {}): RunDirs {
  const safeLabel = (options.label ?? 'run').replace(/[^A-Za-z0-9_-]+/g, '-').slice(0, 40);
  const root = fs.mkdtempSync(path.join(os.tmpdir(), `flux-harness-${safeLabel}-`));
  const userDataDir = path.join(root, 'user-data');
  const extensionsDir = path.join(root, 'extensions');
  const workspaceDir = path.join(root, 'workspace');
  fs.mkdirSync(path.join(userDataDir, 'User'), { recursive: true });
  fs.mkdirSync(extensionsDir, { recursive: true });
  if (options.workspaceFixture) {
    fs.cpSync(options.workspaceFixture, workspaceDir, { recursive: true });
  } else {
    fs.mkdirSync(workspaceDir, { recursive: true });
  }
  const settings = { ...BASE_USER_SETTINGS, ...(options.userSettings ?? {}) };
  fs.writeFileSync(path.join(userDataDir, 'User', 'settings.json'), JSON.stringify(settings, null, 2));
  return {
    root,
    userDataDir,
    extensionsDir,
    workspaceDir,
    remove: () => fs.rmSync(root, { recursive: true, force: true }),
  };
}
