import * as assert from 'node:assert/strict';
import { contentHash, UploadCache } from '../../src/runs/uploadCache';

function memento() {
  const values = new Map<string, unknown>();
  return {
    get: <T>(key: string) => values.get(key) as T | undefined,
    update: async (key: string, value: unknown) => {
      values.set(key, JSON.parse(JSON.stringify(value)));
    },
    values,
  };
}

describe('UploadCache', () => {
  const origin = 'https://api.1min.ai';
  const hash = contentHash(new Uint8Array([1, 2, 3]));

  it('hashes content, not names', () => {
    assert.equal(contentHash(new Uint8Array([1, 2, 3])), hash);
    assert.notEqual(contentHash(new Uint8Array([1, 2, 4])), hash);
  });

  it('returns the path uploaded before to the same host only', async () => {
    let now = 1000;
    const cache = new UploadCache(memento(), () => now);
    await cache.remember(origin, hash, 'images/a.png');
    assert.equal(cache.lookup(origin, hash), 'images/a.png');
    assert.equal(cache.lookup('http://127.0.0.1:9', hash), undefined);
    now += 10;
    assert.equal(cache.lookup(origin, contentHash(new Uint8Array([9]))), undefined);
  });

  it('expires entries after the age limit', async () => {
    let now = 0;
    const cache = new UploadCache(memento(), () => now, 1000);
    await cache.remember(origin, hash, 'images/a.png');
    now = 999;
    assert.equal(cache.lookup(origin, hash), 'images/a.png');
    now = 1001;
    assert.equal(cache.lookup(origin, hash), undefined);
  });

  it('forgets an entry the server no longer knows', async () => {
    const cache = new UploadCache(memento(), () => 5);
    await cache.remember(origin, hash, 'images/a.png');
    await cache.forget(origin, hash);
    assert.equal(cache.lookup(origin, hash), undefined);
  });

  it('ignores corrupt stored state', () => {
    const store = memento();
    store.values.set('fluxRedux.uploadCache', { x: 'nonsense', y: { path: 3 } });
    assert.equal(new UploadCache(store, () => 0).lookup(origin, hash), undefined);
  });
});
