import * as assert from 'node:assert/strict';
import { ChangeMarker, MARKER_FORGET_MS, MARKER_POLL_MS, type MarkerFolder } from '../../src/history/changeMarker';
import { LiveRuns } from '../../src/history/liveRuns';
import { toHistoryRunView } from '../../src/history/rows';
import { RECENTLY_UPDATED_MS, recentlyUpdatedUnfinished, runningHereOrRecently } from '../../src/history/runningAnywhere';
import { historyState } from '../../src/history/stateWords';
import { historyRecord, IDS } from './history-support';

/** One marker folder shared by the windows of a test, as global storage is. */
function sharedFolder(): MarkerFolder & { files: Map<string, string> } {
  const files = new Map<string, string>();
  return {
    files,
    readAll: async () => [...files].map(([window, stamp]) => ({ window, stamp })),
    write: async (window, stamp) => {
      files.set(window, stamp);
    },
    remove: async (window) => {
      files.delete(window);
    },
  };
}

function windowOn(folder: MarkerFolder, id: string, now = () => 0) {
  const timers: { callback: () => void; ms: number; disposed: boolean }[] = [];
  const marker = new ChangeMarker({
    folder,
    windowId: id,
    setInterval: (callback, ms) => {
      const timer = { callback, ms, disposed: false };
      timers.push(timer);
      return { dispose: () => { timer.disposed = true; } };
    },
    now,
    log: () => undefined,
  });
  let heard = 0;
  marker.onDidChangeElsewhere(() => heard++);
  return { marker, timers, heard: () => heard };
}

describe('history: changes from other windows', () => {
  it('hears another window\'s change once, and never its own', async () => {
    const folder = sharedFolder();
    const a = windowOn(folder, 'a');
    const b = windowOn(folder, 'b');
    await a.marker.touch();
    assert.equal(await a.marker.check(), false, 'its own stamp');
    assert.equal(await b.marker.check(), true);
    assert.equal(await b.marker.check(), false, 'seen already');
    await a.marker.touch();
    assert.equal(await b.marker.check(), true, 'a second change');
    assert.deepEqual([a.heard(), b.heard()], [0, 2]);
  });

  it('loses no change when two windows write at the same moment: each hears the other', async () => {
    const folder = sharedFolder();
    const a = windowOn(folder, 'a');
    const b = windowOn(folder, 'b');
    await Promise.all([a.marker.touch(), b.marker.touch()]);
    assert.equal(await a.marker.check(), true, 'a heard b');
    assert.equal(await b.marker.check(), true, 'b heard a');
    assert.deepEqual([...folder.files.keys()].sort(), ['a', 'b'], 'each window writes its own file only');
  });

  it('forgets a window silent for a day: its file is removed and tells nothing', async () => {
    let now = 0;
    const folder = sharedFolder();
    const gone = windowOn(folder, 'gone', () => now);
    const here = windowOn(folder, 'here', () => now);
    await gone.marker.touch();
    now = MARKER_FORGET_MS + 1;
    assert.equal(await here.marker.check(), false);
    assert.deepEqual([...folder.files.keys()], []);
    await gone.marker.touch();
    assert.equal(await here.marker.check(), true, 'it wrote again: heard');
  });

  it('polls once a second only while watched: within two seconds of a change', async () => {
    const { marker, timers } = windowOn(sharedFolder(), 'a');
    assert.equal(marker.watching, false);
    marker.setWatching(true);
    marker.setWatching(true);
    assert.equal(timers.length, 1);
    assert.ok(timers[0].ms <= 1_000 && MARKER_POLL_MS <= 1_000);
    marker.setWatching(false);
    assert.equal(timers[0].disposed, true);
  });

  it('says nothing when the marker cannot be read, and logs a failed write', async () => {
    const logged: string[] = [];
    const marker = new ChangeMarker({
      folder: {
        readAll: async () => { throw new Error('EACCES'); },
        write: async () => { throw new Error('EROFS'); },
        remove: async () => undefined,
      },
      windowId: 'a',
      now: () => 0,
      setInterval: () => ({ dispose: () => undefined }),
      log: (message) => logged.push(message),
    });
    assert.equal(await marker.check(), false);
    await marker.touch();
    assert.match(logged.join('\n'), /EACCES|EROFS/);
  });

  it('tells record changes (worth telling other windows) from progress', () => {
    const live = new LiveRuns();
    const queued = historyRecord(IDS.newer, { phase: 'queued', results: [] });
    assert.equal(live.observe(queued, { queuePosition: 2 }), true, 'a new run');
    assert.equal(live.observe(queued, { queuePosition: 1 }), false, 'the queue moved');
    const uploading = { ...queued, phase: 'uploading' as const };
    assert.equal(live.observe(uploading, { uploadPercent: 5 }), true);
    assert.equal(live.observe(uploading, { uploadPercent: 50 }), false);
    assert.equal(live.observe({ ...uploading, phase: 'done', favourite: true }, {}), true);
  });
});

describe('history: running in any window', () => {
  const now = Date.parse('2026-11-24T11:00:30.000Z');
  const unfinished = (updatedAt: string) => historyRecord(IDS.newer, { phase: 'generating', updatedAt, results: [] });

  it('takes an unfinished record written in the last 20 s as running elsewhere', () => {
    assert.equal(recentlyUpdatedUnfinished(unfinished('2026-11-24T11:00:20.000Z'), now), true);
    assert.equal(recentlyUpdatedUnfinished(unfinished(new Date(now - RECENTLY_UPDATED_MS).toISOString()), now), false);
    assert.equal(recentlyUpdatedUnfinished(historyRecord(IDS.newer, { updatedAt: '2026-11-24T11:00:29.000Z' }), now), false, 'done');
    assert.equal(recentlyUpdatedUnfinished(unfinished('garbage'), now), false);
  });

  it('asks this window first, then the record on disk', async () => {
    const records = new Map([[IDS.newer, unfinished('2026-11-24T11:00:25.000Z')], [IDS.older, unfinished('2026-11-24T10:00:00.000Z')]]);
    const running = runningHereOrRecently({ isRunningHere: (id) => id === IDS.middle, load: async (id) => records.get(id), now: () => now });
    assert.deepEqual(
      await Promise.all([IDS.middle, IDS.newer, IDS.older, '20990101T000000000-nosuch'].map(running)),
      [true, true, false, false],
    );
  });

  it('shows another window\'s run as running, in words of its phase', () => {
    assert.deepEqual(historyState(unfinished('2026-11-24T11:00:25.000Z'), undefined, now), { kind: 'running', words: 'Generating in another window…' });
    assert.equal(historyState(unfinished('2026-11-24T10:00:00.000Z'), undefined, now).kind, 'unfinished');
    const row = toHistoryRunView(unfinished('2026-11-24T11:00:25.000Z'), undefined, {
      formatWhen: (iso) => iso, now, runAgain: () => ({ token: 't'.repeat(24), label: 'Run Again', title: '' }),
    });
    assert.equal(row.runAgain, undefined, 'no Run Again while it runs');
  });
});
