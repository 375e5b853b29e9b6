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
  const ACCOUNT = 'a'.repeat(64);
  const OTHER_ACCOUNT = 'b'.repeat(64);
  const origin = 'https://api.1min.ai';
  const hash = contentHash(new Uint8Array([1, 2, 3]));

  it('hashes content, not names', () => {
    assert.equal(contentHash(new Uint8Array([1, 2, 3])), hash);
    assert.notEqual(contentHash(new Uint8Array([1, 2, 4])), hash);
  });

  it('returns the path uploaded before to the same host only', async () => {
    let now = 1000;
    const cache = new UploadCache(memento(), () => now);
    await cache.remember(origin, ACCOUNT, hash, 'images/a.png');
    assert.equal(cache.lookup(origin, ACCOUNT, hash), 'images/a.png');
    assert.equal(cache.lookup('http://127.0.0.1:9', ACCOUNT, hash), undefined);
    now += 10;
    assert.equal(cache.lookup(origin, ACCOUNT, contentHash(new Uint8Array([9]))), undefined);
  });

  it('expires entries after the age limit', async () => {
    let now = 0;
    const cache = new UploadCache(memento(), () => now, 1000);
    await cache.remember(origin, ACCOUNT, hash, 'images/a.png');
    now = 999;
    assert.equal(cache.lookup(origin, ACCOUNT, hash), 'images/a.png');
    now = 1001;
    assert.equal(cache.lookup(origin, ACCOUNT, hash), undefined);
  });

  it('forgets an entry the server no longer knows', async () => {
    const cache = new UploadCache(memento(), () => 5);
    await cache.remember(origin, ACCOUNT, hash, 'images/a.png');
    await cache.forget(origin, ACCOUNT, hash);
    assert.equal(cache.lookup(origin, ACCOUNT, hash), undefined);
  });

  it('ignores corrupt stored state', () => {
    const store = memento();
    store.values.set('fluxRedux.uploadCache', { x: 'nonsense', y: { path: 3 } });
    assert.equal(new UploadCache(store, () => 0).lookup(origin, ACCOUNT, hash), undefined);
  });

  it("never gives one account's path to another, and keeps both", async () => {
    const cache = new UploadCache(memento(), () => 5);
    await cache.remember(origin, ACCOUNT, hash, 'images/a.png');
    assert.equal(cache.lookup(origin, OTHER_ACCOUNT, hash), undefined);
    await cache.remember(origin, OTHER_ACCOUNT, hash, 'images/b.png');
    assert.equal(cache.lookup(origin, ACCOUNT, hash), 'images/a.png');
    assert.equal(cache.lookup(origin, OTHER_ACCOUNT, hash), 'images/b.png');
    await cache.forget(origin, OTHER_ACCOUNT, hash);
    assert.equal(cache.lookup(origin, ACCOUNT, hash), 'images/a.png', 'forgetting one account leaves the other');
  });

  it('ignores entries from before uploads were tagged by account, and drops them on the next write', async () => {
    const store = memento();
    store.values.set('fluxRedux.uploadCache', {
      [`${origin}#${hash}`]: { path: 'images/old.png', at: 1 },
      [`${origin}#${ACCOUNT}#${hash}`]: { path: 'images/untagged.png', at: 1 },
    });
    const cache = new UploadCache(store, () => 5);
    assert.equal(cache.lookup(origin, ACCOUNT, hash), undefined);
    await cache.remember(origin, ACCOUNT, contentHash(new Uint8Array([7])), 'images/new.png');
    assert.doesNotMatch(JSON.stringify(store.values.get('fluxRedux.uploadCache')), /old\.png|untagged\.png/);
  });

  it('never gives an entry whose stored account differs from its key', async () => {
    const store = memento();
    store.values.set('fluxRedux.uploadCache', {
      [`${origin}#${ACCOUNT}#${hash}`]: { path: 'images/a.png', at: 1, account: OTHER_ACCOUNT },
    });
    assert.equal(new UploadCache(store, () => 5).lookup(origin, ACCOUNT, hash), undefined);
  });
});
