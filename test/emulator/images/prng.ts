import { createHash } from 'node:crypto';

/** Small, fast, deterministic PRNG (mulberry32); quality does not matter here, repeatability does. */
export function prng(seed: number): () => number {
  let state = seed >>> 0;
  return () => {
    state = (state + 0x6d2b79f5) >>> 0;
    let t = state;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

/**
 * One number per (uploaded bytes, seed, output index): everything an output looks like follows
 * from it, so the same request gives the same bytes and any change gives another picture.
 */
export function outputKey(source: Buffer, seed: number, index: number): number {
  const sourceKey = createHash('sha256').update(source).digest().readUInt32LE(0);
  return (sourceKey ^ Math.imul(seed >>> 0, 0x9e3779b1) ^ Math.imul(index + 1, 0x85ebca6b)) >>> 0;
}
