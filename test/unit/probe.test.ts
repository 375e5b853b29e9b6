import * as assert from 'node:assert/strict';
import { RecordingProbe, silentProbe } from '../../src/probe';
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
      assert.ok(Object.isFrozen(silentProbe));
      assert.deepEqual(Object.keys(silentProbe).sort(), ['notified', 'painted', 'posted', 'wantsPaintReports']);
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

    it('passes painted reports to its listeners until they are disposed', () => {
      const probe = new RecordingProbe();
      const heard: [string, readonly string[], number][] = [];
      const listener = probe.onPainted((id, resultIds, at) => heard.push([id, resultIds, at]));
      probe.painted('gen-1', ['res-1'], 10);
      listener.dispose();
      probe.painted('gen-1', ['res-1', 'res-2'], 20);
      assert.deepEqual(heard, [['gen-1', ['res-1'], 10]]);
    });
  });
});
