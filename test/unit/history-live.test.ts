import * as assert from 'node:assert/strict';
import { LiveRuns } from '../../src/history/liveRuns';
import { statusBarModel } from '../../src/history/statusBarModel';
import { historyRecord, IDS } from './history-support';

describe('history: the runs of this window', () => {
  it('holds a run from queued until it ends, with its latest progress', () => {
    const live = new LiveRuns();
    const changes: string[] = [];
    live.onDidChange((record) => changes.push(`${record.id}:${record.phase}`));
    live.observe(historyRecord(IDS.older, { phase: 'queued' }), { queuePosition: 1 });
    live.observe(historyRecord(IDS.newer, { phase: 'uploading' }), { uploadPercent: 10 });
    assert.deepEqual(live.activeIds(), [IDS.older, IDS.newer]);
    assert.deepEqual(live.get(IDS.newer)?.progress, { uploadPercent: 10 });
    live.observe(historyRecord(IDS.older, { phase: 'done' }), {});
    assert.deepEqual(live.activeIds(), [IDS.newer]);
    assert.equal(live.isRunning(IDS.older), false);
    assert.deepEqual(changes, [`${IDS.older}:queued`, `${IDS.newer}:uploading`, `${IDS.older}:done`]);
  });
});

describe('history: the status bar item', () => {
  it('is hidden when nothing runs', () => {
    assert.deepEqual(statusBarModel([]), { kind: 'hidden' });
  });

  it('names one run and goes to its gallery', () => {
    assert.deepEqual(statusBarModel([IDS.older]), {
      kind: 'shown',
      text: '$(sync~spin) 1 variation running',
      tooltip: 'Show its gallery',
      target: { kind: 'gallery', generationId: IDS.older },
    });
  });

  it('counts several and goes to the history', () => {
    const model = statusBarModel([IDS.older, IDS.newer]);
    assert.equal(model.kind === 'shown' && model.text, '$(sync~spin) 2 variations running');
    assert.deepEqual(model.kind === 'shown' && model.target, { kind: 'history' });
  });
});
