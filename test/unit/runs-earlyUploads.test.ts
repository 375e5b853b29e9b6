import * as assert from 'node:assert/strict';
import { EarlyUploads, type EarlyUploadDeps } from '../../src/runs/earlyUploads';
import type { UploadPayload } from '../../src/shared/imageFormat';

const ORIGIN = 'https://api.example';

function payload(text: string): UploadPayload {
  return { bytes: new TextEncoder().encode(text), fileName: `${text}.png`, mimeType: 'image/png' };
}

interface Sent {
  fileName: string;
  signal: AbortSignal;
  finish(path: string): void;
  fail(error: Error): void;
}

/** An upload that the test finishes by hand, and a cache in a Map. */
function fakeDeps(known = new Map<string, string>()) {
  const sent: Sent[] = [];
  const logs: string[] = [];
  const deps: EarlyUploadDeps = {
    upload: (p, signal) =>
      new Promise((resolve, reject) => {
        sent.push({ fileName: p.fileName, signal, finish: (path) => resolve({ path }), fail: reject });
        signal.addEventListener('abort', () => reject(new Error('aborted')), { once: true });
      }),
    lookup: (origin, hash) => known.get(`${origin}#${hash}`),
    remember: async (origin, hash, path) => {
      known.set(`${origin}#${hash}`, path);
    },
    hash: (bytes) => new TextDecoder().decode(bytes),
    log: (message) => logs.push(message),
  };
  return { deps, sent, known, logs };
}

describe('EarlyUploads (fluxRedux.uploadEarly)', () => {
  it('uploads once, lets a run await the path, and remembers it for later runs', async () => {
    const { deps, sent, known } = fakeDeps();
    const early = new EarlyUploads(deps);
    early.start(ORIGIN, payload('cat'));
    early.start(ORIGIN, payload('cat'));
    assert.equal(sent.length, 1, 'the same bytes go up once');
    const waiting = early.pending(ORIGIN, 'cat');
    assert.ok(waiting, 'a run finds the upload in flight');
    assert.equal(early.pending('https://other.example', 'cat'), undefined, 'only for the same API host');
    sent[0].finish('images/cat.png');
    assert.equal(await waiting, 'images/cat.png');
    assert.equal(known.get(`${ORIGIN}#cat`), 'images/cat.png');
    assert.equal(early.pending(ORIGIN, 'cat'), undefined, 'nothing in flight once done');
  });

  it('does not upload bytes the API host already has', () => {
    const { deps, sent } = fakeDeps(new Map([[`${ORIGIN}#cat`, 'images/cat.png']]));
    new EarlyUploads(deps).start(ORIGIN, payload('cat'));
    assert.equal(sent.length, 0);
  });

  it('stops the upload when the user backs out, and a run then uploads by itself', async () => {
    const { deps, sent, known } = fakeDeps();
    const early = new EarlyUploads(deps);
    const upload = early.start(ORIGIN, payload('cat'));
    const waiting = early.pending(ORIGIN, 'cat');
    upload.cancel();
    assert.equal(sent[0].signal.aborted, true);
    assert.equal(await waiting, undefined);
    assert.equal(known.size, 0);
  });

  it('keeps going while another command still wants the same bytes', () => {
    const { deps, sent } = fakeDeps();
    const early = new EarlyUploads(deps);
    const first = early.start(ORIGIN, payload('cat'));
    early.start(ORIGIN, payload('cat'));
    first.cancel();
    first.cancel();
    assert.equal(sent[0].signal.aborted, false);
  });

  it('turns a failed upload into "not uploaded" and says so in the log', async () => {
    const { deps, sent, known, logs } = fakeDeps();
    const early = new EarlyUploads(deps);
    early.start(ORIGIN, payload('cat'));
    const waiting = early.pending(ORIGIN, 'cat');
    sent[0].fail(new Error('HTTP 500'));
    assert.equal(await waiting, undefined);
    assert.equal(known.size, 0);
    assert.ok(logs.some((line) => /cat\.png failed \(HTTP 500\)/.test(line)), logs.join('\n'));
  });

  it('stops everything in flight on dispose', () => {
    const { deps, sent } = fakeDeps();
    const early = new EarlyUploads(deps);
    early.start(ORIGIN, payload('cat'));
    early.start(ORIGIN, payload('dog'));
    early.dispose();
    assert.deepEqual(sent.map((s) => s.signal.aborted), [true, true]);
  });
});
