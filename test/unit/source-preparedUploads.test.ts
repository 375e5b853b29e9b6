import * as assert from 'node:assert/strict';
import { PREPARED_UPLOADS_LIMITS, PreparedUploads } from '../../src/source/preparedUploads';
import type { PrepareOptions, PrepareResult } from '../../src/imaging/prepareUpload';

const OPTIONS: PrepareOptions = { downscale: true, keepMetadata: false, maxUploadBytes: 1000 };

function counting() {
  const calls: string[] = [];
  const prepare = async (name: string, bytes: Uint8Array): Promise<PrepareResult> => {
    calls.push(name);
    if (bytes[0] === 0) {
      return { ok: false, message: 'refused' };
    }
    return {
      ok: true,
      upload: { bytes, mimeType: 'image/png', fileName: name, width: 1, height: 1, sourceFormat: 'png', action: 'as-is' },
    };
  };
  return { calls, prepare };
}

describe('PreparedUploads', () => {
  it('prepares the same bytes with the same options once', async () => {
    const { calls, prepare } = counting();
    const cache = new PreparedUploads(prepare);
    const first = await cache.get('a.png', new Uint8Array([1, 2]), OPTIONS);
    const second = await cache.get('a.png', new Uint8Array([1, 2]), OPTIONS);
    assert.deepEqual(first, second);
    assert.deepEqual(calls, ['a.png']);
  });

  it('prepares again when the bytes or the options differ', async () => {
    const { calls, prepare } = counting();
    const cache = new PreparedUploads(prepare);
    await cache.get('a.png', new Uint8Array([1, 2]), OPTIONS);
    await cache.get('a.png', new Uint8Array([1, 3]), OPTIONS);
    await cache.get('a.png', new Uint8Array([1, 2]), { ...OPTIONS, keepMetadata: true });
    assert.equal(calls.length, 3);
  });

  it('does not remember refusals, and forgets the oldest beyond its capacity', async () => {
    const { calls, prepare } = counting();
    const cache = new PreparedUploads(prepare, { ...PREPARED_UPLOADS_LIMITS, capacity: 2 });
    await cache.get('bad.png', new Uint8Array([0]), OPTIONS);
    await cache.get('bad.png', new Uint8Array([0]), OPTIONS);
    assert.equal(calls.length, 2);
    for (const b of [1, 2, 3]) {
      await cache.get('x.png', new Uint8Array([b]), OPTIONS);
    }
    await cache.get('x.png', new Uint8Array([1]), OPTIONS);
    assert.equal(calls.length, 6, 'the oldest entry was forgotten');
  });

  it('lets prepared bytes go a few minutes after their last use, not at the end of the session', async () => {
    const { calls, prepare } = counting();
    let now = 0;
    const sweeps: (() => void)[] = [];
    const cache = new PreparedUploads(prepare, { capacity: 8, maxBytes: 1000, keepMs: 60_000 }, {
      now: () => now,
      later: (sweep) => sweeps.push(sweep),
    });
    await cache.get('a.png', new Uint8Array(100).fill(1), OPTIONS);
    assert.equal(cache.heldBytes, 100);
    now = 30_000;
    await cache.get('a.png', new Uint8Array(100).fill(1), OPTIONS);
    assert.equal(calls.length, 1, 'a repeat run soon after reuses it');
    now = 60_000;
    sweeps.shift()!();
    assert.equal(cache.heldBytes, 100, 'still within a minute of its last use');
    now = 90_000;
    sweeps.shift()!();
    assert.equal(cache.heldBytes, 0, 'released with nothing else asking for it');
    assert.equal(sweeps.length, 0, 'no timer left once empty');
  });

  it('keeps within its byte budget, the least recently used going first', async () => {
    const { prepare } = counting();
    const cache = new PreparedUploads(prepare, { capacity: 8, maxBytes: 250, keepMs: 60_000 }, { now: () => 0, later: () => undefined });
    for (const b of [1, 2, 3]) {
      await cache.get('x.png', new Uint8Array(100).fill(b), OPTIONS);
    }
    assert.equal(cache.heldBytes, 200);
  });
});
