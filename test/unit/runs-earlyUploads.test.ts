import * as assert from 'node:assert/strict';
import { EarlyUploads, type EarlyUploadDeps } from '../../src/runs/earlyUploads';
import type { UploadPayload } from '../../src/shared/imageFormat';

const ORIGIN = 'https://api.example';
const ACCOUNT = 'account-a';

/** Lets the early upload read the account tag and send. */
const settle = () => new Promise<void>((resolve) => setImmediate(resolve));

function payload(text: string): UploadPayload {
  return { bytes: new TextEncoder().encode(text), fileName: `${text}.png`, mimeType: 'image/png' };
}

interface Sent {
  fileName: string;
  signal: AbortSignal;
  finish(path: string): void;
  fail(error: Error): void;
}

/** An upload that the test finishes by hand, a cache in a Map, and the account of the key at hand. */
function fakeDeps(known = new Map<string, string>()) {
  const sent: Sent[] = [];
  const logs: string[] = [];
  const key: { account: string | undefined } = { account: ACCOUNT };
  const deps: EarlyUploadDeps = {
    upload: (p, signal) =>
      new Promise((resolve, reject) => {
        sent.push({ fileName: p.fileName, signal, finish: (path) => resolve({ path }), fail: reject });
        signal.addEventListener('abort', () => reject(new Error('aborted')), { once: true });
      }),
    account: async () => key.account,
    lookup: (origin, account, hash) => known.get(`${origin}#${account}#${hash}`),
    remember: async (origin, account, hash, path) => {
      known.set(`${origin}#${account}#${hash}`, path);
    },
    hash: (bytes) => new TextDecoder().decode(bytes),
    log: (message) => logs.push(message),
  };
  return { deps, sent, known, logs, key };
}

describe('EarlyUploads (fluxRedux.uploadEarly)', () => {
  it('uploads once, lets a run await the path, and remembers it for later runs', async () => {
    const { deps, sent, known } = fakeDeps();
    const early = new EarlyUploads(deps);
    early.start(ORIGIN, payload('cat'));
    early.start(ORIGIN, payload('cat'));
    const waiting = early.pending(ORIGIN, ACCOUNT, 'cat');
    assert.ok(waiting, 'a run finds the upload in flight at once');
    await settle();
    assert.equal(sent.length, 1, 'the same bytes go up once');
    assert.equal(early.pending('https://other.example', ACCOUNT, 'cat'), undefined, 'only for the same API host');
    sent[0].finish('images/cat.png');
    assert.equal(await waiting, 'images/cat.png');
    assert.equal(known.get(`${ORIGIN}#${ACCOUNT}#cat`), 'images/cat.png');
    assert.equal(early.pending(ORIGIN, ACCOUNT, 'cat'), undefined, 'nothing in flight once done');
  });

  it('does not upload bytes the API host already has for this account', async () => {
    const { deps, sent } = fakeDeps(new Map([[`${ORIGIN}#${ACCOUNT}#cat`, 'images/cat.png']]));
    const early = new EarlyUploads(deps);
    early.start(ORIGIN, payload('cat'));
    assert.equal(await early.pending(ORIGIN, ACCOUNT, 'cat'), 'images/cat.png');
    assert.equal(sent.length, 0);
  });

  it("uploads bytes another account has, and gives the path only to this key's runs", async () => {
    const { deps, sent, known } = fakeDeps(new Map([[`${ORIGIN}#account-b#cat`, 'images/b-cat.png']]));
    const early = new EarlyUploads(deps);
    early.start(ORIGIN, payload('cat'));
    const forOther = early.pending(ORIGIN, 'account-b', 'cat');
    const forThis = early.pending(ORIGIN, ACCOUNT, 'cat');
    await settle();
    assert.equal(sent.length, 1, "another account's path is not this key's");
    sent[0].finish('images/a-cat.png');
    assert.equal(await forOther, undefined, 'a run with another key uploads its own');
    assert.equal(await forThis, 'images/a-cat.png');
    assert.equal(known.get(`${ORIGIN}#${ACCOUNT}#cat`), 'images/a-cat.png');
    assert.equal(known.get(`${ORIGIN}#account-b#cat`), 'images/b-cat.png');
  });

  it('does not remember an upload when the key changed while it went up', async () => {
    const { deps, sent, known, key } = fakeDeps();
    const early = new EarlyUploads(deps);
    early.start(ORIGIN, payload('cat'));
    const waiting = early.pending(ORIGIN, ACCOUNT, 'cat');
    await settle();
    key.account = 'account-b';
    sent[0].finish('images/cat.png');
    assert.equal(await waiting, undefined);
    assert.equal(known.size, 0);
  });

  it('sends nothing without a key at hand', async () => {
    const { deps, sent, key } = fakeDeps();
    key.account = undefined;
    const early = new EarlyUploads(deps);
    early.start(ORIGIN, payload('cat'));
    assert.equal(await early.pending(ORIGIN, ACCOUNT, 'cat'), undefined);
    assert.equal(sent.length, 0);
  });

  it('sends nothing when the user backs out before the key was read', async () => {
    const { deps, sent } = fakeDeps();
    const early = new EarlyUploads(deps);
    early.start(ORIGIN, payload('cat')).cancel();
    await settle();
    assert.equal(sent.length, 0);
  });

  it('stops the upload when the user backs out, and a run then uploads by itself', async () => {
    const { deps, sent, known } = fakeDeps();
    const early = new EarlyUploads(deps);
    const upload = early.start(ORIGIN, payload('cat'));
    const waiting = early.pending(ORIGIN, ACCOUNT, 'cat');
    await settle();
    upload.cancel();
    assert.equal(sent[0].signal.aborted, true);
    assert.equal(await waiting, undefined);
    assert.equal(known.size, 0);
  });

  it('keeps going while another command still wants the same bytes', async () => {
    const { deps, sent } = fakeDeps();
    const early = new EarlyUploads(deps);
    const first = early.start(ORIGIN, payload('cat'));
    early.start(ORIGIN, payload('cat'));
    await settle();
    first.cancel();
    first.cancel();
    assert.equal(sent[0].signal.aborted, false);
  });

  it('turns a failed upload into "not uploaded" and says so in the log', async () => {
    const { deps, sent, known, logs } = fakeDeps();
    const early = new EarlyUploads(deps);
    early.start(ORIGIN, payload('cat'));
    const waiting = early.pending(ORIGIN, ACCOUNT, 'cat');
    await settle();
    sent[0].fail(new Error('HTTP 500'));
    assert.equal(await waiting, undefined);
    assert.equal(known.size, 0);
    assert.ok(logs.some((line) => /cat\.png failed \(HTTP 500\)/.test(line)), logs.join('\n'));
  });

  it('stops everything in flight on dispose', async () => {
    const { deps, sent } = fakeDeps();
    const early = new EarlyUploads(deps);
    early.start(ORIGIN, payload('cat'));
    early.start(ORIGIN, payload('dog'));
    await settle();
    early.dispose();
    assert.deepEqual(sent.map((s) => s.signal.aborted), [true, true]);
  });
});
