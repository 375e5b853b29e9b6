import * as assert from 'node:assert/strict';
import { PreparedUploads } from '../../src/source/preparedUploads';
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
    const cache = new PreparedUploads(prepare, 2);
    await cache.get('bad.png', new Uint8Array([0]), OPTIONS);
    await cache.get('bad.png', new Uint8Array([0]), OPTIONS);
    assert.equal(calls.length, 2);
    for (const b of [1, 2, 3]) {
      await cache.get('x.png', new Uint8Array([b]), OPTIONS);
    }
    await cache.get('x.png', new Uint8Array([1]), OPTIONS);
    assert.equal(calls.length, 6, 'the oldest entry was forgotten');
  });
});
