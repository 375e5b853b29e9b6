import * as assert from 'node:assert/strict';
import { installMarkingBundle, restoreEnglish } from './l10n-helpers';
import type { GenerationRecord } from '../../src/runs/record';
import { actionLabel, performRunAction, type RunActionHost } from '../../src/runs/runActions';
import { ACTION_IDS } from '../../src/shared/protocol';

const RECORD = { id: '20261123T100000-abcdef' } as GenerationRecord;

function recordingHost() {
  const done: unknown[][] = [];
  const host: RunActionHost = {
    executeCommand: async (command, ...args) => {
      done.push([command, ...args]);
    },
    retryRun: async (record) => {
      done.push(['retry', record]);
    },
  };
  return { host, done };
}

describe('run actions: one place for what each action is called and does', () => {
  afterEach(restoreEnglish);

  it('names every action, through the translator', () => {
    assert.deepEqual(ACTION_IDS.map(actionLabel), ['Set API Key', 'Show Log', 'Open Settings', 'Try Again']);
    installMarkingBundle();
    assert.equal(actionLabel('retryRun'), '«Try Again»');
  });

  it('runs the command each action stands for', async () => {
    const { host, done } = recordingHost();
    await performRunAction('setApiKey', RECORD, host);
    await performRunAction('showLog', RECORD, host);
    await performRunAction('openSettings', RECORD, host);
    assert.deepEqual(done, [['fluxRedux.setApiKey'], ['fluxRedux.showLog'], ['workbench.action.openSettings', 'fluxRedux']]);
  });

  it('hands Try again to the retry it is given', async () => {
    const { host, done } = recordingHost();
    await performRunAction('retryRun', RECORD, host);
    assert.deepEqual(done, [['retry', RECORD]]);
  });

  it('refuses an action it does not know', async () => {
    const { host, done } = recordingHost();
    await assert.rejects(performRunAction('runShell' as never, RECORD, host));
    assert.deepEqual(done, []);
  });
});
