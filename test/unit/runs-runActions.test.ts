import * as assert from 'node:assert/strict';
import { installMarkingBundle, restoreEnglish } from './l10n-helpers';
import type { GenerationRecord } from '../../src/runs/record';
import { actionLabel, canFetchLater, fetchLaterAfter, paidActionsFor, paidActionTitle, performRunAction, retryDownloadRefusal, type RunActionHost } from '../../src/runs/runActions';
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
    runAgain: async (record) => {
      done.push(['runAgain', record]);
    },
    fetchLater: async (record) => {
      done.push(['fetchLater', record.id]);
    },
    log: (message) => {
      done.push(['log', message]);
    },
  };
  return { host, done };
}

describe('run actions: one place for what each action is called and does', () => {
  afterEach(restoreEnglish);

  it('names every action, through the translator', () => {
    // Fetch Results Later joined them (issue 11); Try Again became Reproduce beside Run Again (issue 13).
    assert.deepEqual(ACTION_IDS.map(actionLabel), ['Set API Key', 'Show Log', 'Open Settings', 'Reproduce', 'Fetch Results Later', 'Run Again']);
    installMarkingBundle();
    assert.equal(actionLabel('retryRun'), '«Reproduce»');
  });

  it('runs the command each action stands for', async () => {
    const { host, done } = recordingHost();
    await performRunAction('setApiKey', RECORD, host);
    await performRunAction('showLog', RECORD, host);
    await performRunAction('openSettings', RECORD, host);
    assert.deepEqual(done, [['fluxRedux.setApiKey'], ['fluxRedux.showLog'], ['workbench.action.openSettings', 'fluxRedux']]);
  });

  it('hands Reproduce (once Try again) to the retry it is given, Run Again to its own', async () => {
    const { host, done } = recordingHost();
    await performRunAction('retryRun', RECORD, host);
    await performRunAction('runAgain', RECORD, host);
    assert.deepEqual(done, [['retry', RECORD], ['runAgain', RECORD]]);
  });

  it('offers Run Again and Reproduce once a run has ended, however it ended, and not while it runs', () => {
    for (const phase of ['done', 'failed', 'cancelled', 'interrupted'] as const) {
      assert.deepEqual(paidActionsFor({ phase }), ['runAgain', 'retryRun'], phase);
    }
    for (const phase of ['queued', 'uploading', 'generating', 'downloading'] as const) {
      assert.deepEqual(paidActionsFor({ phase }), [], phase);
    }
  });

  it('says which seed Reproduce keeps', () => {
    const record = { options: { seed: 4242 } } as GenerationRecord;
    assert.match(paidActionTitle('retryRun', record), /same seed \(4242\)/);
    assert.match(paidActionTitle('runAgain', record), /new seed/);
  });

  it('offers Fetch Results Later only for an accepted run none of whose results arrived', () => {
    const accepted = { ...RECORD, recordId: 'rec-9', results: [] } as GenerationRecord;
    assert.equal(canFetchLater({ ...accepted, phase: 'cancelled' }), true);
    assert.equal(canFetchLater({ ...accepted, phase: 'interrupted' }), true);
    assert.equal(canFetchLater({ ...accepted, phase: 'failed', failure: { kind: 'timeout', facts: { what: 'poll-timeout', seconds: 60 }, actions: ['fetchLater', 'showLog'] } }), true);
    assert.equal(canFetchLater({ ...accepted, phase: 'failed', failure: { kind: 'not-success', facts: { what: 'generation-failed', recordStatus: 'FAILED' }, actions: ['showLog'] } }), false);
    assert.equal(canFetchLater({ ...accepted, phase: 'generating' }), false, 'not while it runs');
    assert.equal(canFetchLater({ ...accepted, phase: 'cancelled', recordId: undefined }), false, 'not without a record id');
    assert.equal(canFetchLater({ ...accepted, phase: 'cancelled', results: [{ id: 'r1', index: 1, status: 'failed' }] }), false);
  });

  it('offers Fetch Results Later after an accepted generation timed out, not after other failures', () => {
    assert.equal(fetchLaterAfter({ kind: 'timeout', operation: 'generate', recordId: 'rec-9' }), true);
    assert.equal(fetchLaterAfter({ kind: 'timeout', operation: 'generate' }), false, 'a synchronous call that timed out has nothing to fetch');
    assert.equal(fetchLaterAfter({ kind: 'timeout', operation: 'download', recordId: 'rec-9' }), false);
    assert.equal(fetchLaterAfter({ kind: 'record-lost', operation: 'generate', recordId: 'rec-9' }), false);
  });

  it('hands Fetch Results Later to the host for an accepted run, and refuses it for a run without a record id', async () => {
    const { host, done } = recordingHost();
    await performRunAction('fetchLater', { ...RECORD, phase: 'cancelled', recordId: 'rec-9', results: [] }, host);
    assert.deepEqual(done, [['fetchLater', RECORD.id]]);
    done.length = 0;
    await performRunAction('fetchLater', { ...RECORD, phase: 'cancelled', results: [] }, host);
    assert.equal(done.length, 1);
    assert.equal(done[0][0], 'log', 'refused and logged, nothing fetched');
    assert.match(String(done[0][1]), /no server record id/);
  });

  it('refuses an action it does not know', async () => {
    const { host, done } = recordingHost();
    await assert.rejects(performRunAction('runShell' as never, RECORD, host));
    assert.deepEqual(done, []);
  });
});

describe('Retry download: only what the gallery offered', () => {
  const record = {
    id: '20261123T100000-abcdef',
    results: [
      { id: 'r1', index: 1, status: 'ready', resultPath: 'a.png', file: 'variation-1.png' },
      { id: 'r2', index: 2, status: 'failed', resultPath: 'b.png' },
      { id: 'r3', index: 3, status: 'pending', resultPath: 'c.png' },
      { id: 'r4', index: 4, status: 'failed' },
    ],
  } as Pick<GenerationRecord, 'id' | 'results'>;

  it('allows a failed result with a server path, and refuses a ready, a pending, an unknown or a pathless one with the reason', () => {
    assert.equal(retryDownloadRefusal(record, 'r2'), undefined);
    assert.match(retryDownloadRefusal(record, 'r1') ?? '', /result 1 .*it is ready, not failed/);
    assert.match(retryDownloadRefusal(record, 'r3') ?? '', /it is pending, not failed/);
    assert.match(retryDownloadRefusal(record, 'r9') ?? '', /no such result/);
    assert.match(retryDownloadRefusal(record, 'r4') ?? '', /gave no path/);
  });
});
