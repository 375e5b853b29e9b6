/**
 * The outcome of something that can fail in an expected way, as a value rather than a throw:
 * `{ ok: true, ...facts }` or `{ ok: false, ...why }`. The fields sit beside `ok` (not under a
 * `value` or `error` key), so a caller narrows on `ok` and reads `result.path` or `result.reason`.
 */

export type Ok<T extends object> = { ok: true } & T;
export type Err<E extends object> = { ok: false } & E;
export type Result<T extends object, E extends object> = Ok<T> | Err<E>;

export function ok<T extends object>(facts: T): Ok<T> {
  return { ok: true, ...facts };
}

export function err<E extends object>(why: E): Err<E> {
  return { ok: false, ...why };
}
