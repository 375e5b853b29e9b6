import * as assert from 'node:assert/strict';
import type { UploadPayload } from '../../src/shared/imageFormat';
import { uploadWhileAsking, type PreparedOrProblem, type UploadWhileAskingDeps } from '../../src/runs/uploadWhileAsking';

function payload(name: string): UploadPayload {
  return { bytes: new Uint8Array([1]), fileName: name, mimeType: 'image/png' };
}

function fakeDeps(key: string | undefined) {
  const started: { fileName: string; cancelled: boolean }[] = [];
  const warnings: string[] = [];
  const deps: UploadWhileAskingDeps = {
    currentKey: async () => key,
    uploadEarly: (p) => {
      const upload = { fileName: p.fileName, cancelled: false };
      started.push(upload);
      return { cancel: () => (upload.cancelled = true) };
    },
    warn: (message) => warnings.push(message),
  };
  return { deps, started, warnings };
}

function settle(): Promise<void> {
  return new Promise((resolve) => setImmediate(resolve));
}

describe('uploadWhileAsking (fluxRedux.uploadEarly while the quick picks are open)', () => {
  const prepared: PreparedOrProblem[] = [{ upload: payload('a.png') }, { error: 'b.gif could not be read' }, { upload: payload('c.png') }];

  it('sends each source that could be prepared, once the key is at hand', async () => {
    const { deps, started } = fakeDeps('key');
    uploadWhileAsking(deps, Promise.resolve(prepared));
    await settle();
    assert.deepEqual(started.map((s) => s.fileName), ['a.png', 'c.png']);
  });

  it('sends nothing without a key (nobody is asked for one before they confirm)', async () => {
    const { deps, started } = fakeDeps(undefined);
    uploadWhileAsking(deps, Promise.resolve(prepared));
    await settle();
    assert.deepEqual(started, []);
  });

  it('sends nothing when the user backs out before preparation ends', async () => {
    const { deps, started } = fakeDeps('key');
    let finishPreparing!: (value: PreparedOrProblem[]) => void;
    const early = uploadWhileAsking(deps, new Promise((resolve) => (finishPreparing = resolve)));
    early.cancel();
    finishPreparing(prepared);
    await settle();
    assert.deepEqual(started, []);
  });

  it('stops every upload it started when the user backs out later', async () => {
    const { deps, started } = fakeDeps('key');
    const early = uploadWhileAsking(deps, Promise.resolve(prepared));
    await settle();
    early.cancel();
    assert.deepEqual(started.map((s) => s.cancelled), [true, true]);
  });

  it('only logs when preparation itself fails', async () => {
    const { deps, started, warnings } = fakeDeps('key');
    uploadWhileAsking(deps, Promise.reject(new Error('worker gone')));
    await settle();
    assert.deepEqual(started, []);
    assert.deepEqual(warnings, ['Early upload not started: worker gone']);
  });
});
