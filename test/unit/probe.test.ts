import * as assert from 'node:assert/strict';
import { RecordingProbe, silentProbe, type FirstPaintReport } from '../../src/probe';
import type { HostMessage } from '../../src/shared/protocol';

const FOCUS: HostMessage = { type: 'focusResult', resultId: 'res-1' };

describe('probe: what tests and the benchmark observe', () => {
  describe('the silent probe of the product', () => {
    it('asks no webview for painted reports', () => {
      assert.equal(silentProbe.wantsPaintReports, false);
    });

    it('keeps nothing it is told: it has no state to grow', () => {
      silentProbe.posted('gen-1', FOCUS);
      silentProbe.notified({ level: 'error', message: 'Something failed.', actions: ['Show Log'] });
      silentProbe.painted('gen-1', ['res-1'], 5);
      silentProbe.galleryMark('gen-1', 'panelCreated', 1);
      silentProbe.firstPaint('gen-1', { from: 'page', at: 4, scriptAt: 3, documentAt: 2 });
      silentProbe.historyPainted({ from: 'init', at: 4, thumbnails: 2, documentAt: 1, dataAt: 3 });
      assert.ok(Object.isFrozen(silentProbe));
      // Two more no-ops since the gallery reports its first paint (issue 14), the store's file
      // system passed through unchanged (issue 11, the full-disk test's seam), and one since the
      // history reports its first screen (issue 12's benchmark): still nothing kept.
      assert.deepEqual(
        Object.keys(silentProbe).sort(),
        ['firstPaint', 'galleryMark', 'historyPainted', 'notified', 'painted', 'posted', 'storeFileSystem', 'wantsPaintReports'],
      );
    });
  });

  describe('the recording probe of test mode', () => {
    it('asks webviews for painted reports', () => {
      assert.equal(new RecordingProbe().wantsPaintReports, true);
    });

    it('keeps notifications in the order shown', () => {
      const probe = new RecordingProbe();
      probe.notified({ level: 'info', message: 'Saved 1 variation of a.png.', actions: [] });
      probe.notified({ level: 'error', message: 'The disk is full.', actions: ['Show Log'] });
      assert.deepEqual(
        probe.notifications.map((n) => n.level),
        ['info', 'error'],
      );
    });

    it('keeps posted messages by generation', () => {
      const probe = new RecordingProbe();
      const update: HostMessage = { type: 'focusResult', resultId: 'res-2' };
      probe.posted('gen-1', FOCUS);
      probe.posted('gen-2', update);
      probe.posted('gen-1', update);
      assert.deepEqual(probe.postedTo('gen-1'), [FOCUS, update]);
      assert.deepEqual(probe.postedTo('gen-2'), [update]);
      assert.deepEqual(probe.postedTo('gen-3'), []);
    });

    it('passes the history view\'s paint reports to its listeners until they are disposed', () => {
      const probe = new RecordingProbe();
      const heard: number[] = [];
      const listener = probe.onHistoryPainted((report) => heard.push(report.at));
      probe.historyPainted({ from: 'init', at: 10, thumbnails: 3, documentAt: 1, dataAt: 5 });
      listener.dispose();
      probe.historyPainted({ from: 'state', at: 20, thumbnails: 3, documentAt: 11, dataAt: 15 });
      assert.deepEqual(heard, [10]);
    });

    it('passes painted reports to its listeners until they are disposed', () => {
      const probe = new RecordingProbe();
      const heard: [string, readonly string[], number][] = [];
      const listener = probe.onPainted((id, resultIds, at) => heard.push([id, resultIds, at]));
      probe.painted('gen-1', ['res-1'], 10);
      listener.dispose();
      probe.painted('gen-1', ['res-1', 'res-2'], 20);
      assert.deepEqual(heard, [['gen-1', ['res-1'], 10]]);
    });

    it('reports a first paint with the host\'s steps of that gallery, the window\'s first apart', () => {
      const probe = new RecordingProbe();
      const heard: FirstPaintReport[] = [];
      probe.onFirstPaint((report) => heard.push(report));
      probe.galleryMark('gen-1', 'panelCreated', 100);
      probe.galleryMark('gen-1', 'htmlSet', 101);
      probe.galleryMark('gen-1', 'readyReceived', 300);
      probe.galleryMark('gen-1', 'readyReceived', 900);
      probe.galleryMark('gen-1', 'initPosted', 302);
      probe.firstPaint('gen-1', { from: 'page', at: 250, scriptAt: 200, documentAt: 150, thumbnailAt: 260 });
      probe.galleryMark('gen-2', 'panelCreated', 1000);
      probe.firstPaint('gen-2', { from: 'page', at: 1100, scriptAt: 1050, documentAt: 1020 });
      assert.deepEqual(heard, [
        {
          generationId: 'gen-1',
          from: 'page',
          at: 250,
          scriptAt: 200,
          documentAt: 150,
          thumbnailAt: 260,
          // A webview shown again says `ready` again; the first one is what the user waited for.
          marks: { panelCreated: 100, htmlSet: 101, readyReceived: 300, initPosted: 302 },
          firstInWindow: true,
        },
        {
          generationId: 'gen-2',
          from: 'page',
          at: 1100,
          scriptAt: 1050,
          documentAt: 1020,
          marks: { panelCreated: 1000 },
          firstInWindow: false,
        },
      ]);
    });

    it('counts a repainted or reopened first gallery as the window\'s first no more', () => {
      const probe = new RecordingProbe();
      const heard: FirstPaintReport[] = [];
      probe.onFirstPaint((report) => heard.push(report));
      probe.galleryMark('gen-1', 'panelCreated', 1);
      probe.firstPaint('gen-1', { from: 'page', at: 3, scriptAt: 2, documentAt: 2 });
      probe.firstPaint('gen-1', { from: 'state', at: 9, scriptAt: 8, documentAt: 8 });
      probe.galleryMark('gen-1', 'panelCreated', 20);
      probe.firstPaint('gen-1', { from: 'page', at: 23, scriptAt: 22, documentAt: 21 });
      assert.deepEqual(heard.map((r) => [r.firstInWindow, r.marks.panelCreated]), [[true, 1], [false, 1], [false, 20]]);
      assert.deepEqual(probe.galleryMarks('gen-1'), { panelCreated: 20 });
    });
  });
});
