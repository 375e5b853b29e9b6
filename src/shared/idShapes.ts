/**
 * The shapes of the ids and tokens that messages carry, checked at both edges of both webviews'
 * protocols, and by the host's store for generation ids: one definition, so they cannot drift.
 */

/** A generation id: when the run started (to the millisecond) and six random characters. */
const GENERATION_ID = /^[0-9]{8}T[0-9]{6}(?:[0-9]{3})?-[a-z0-9]{6}$/;
const RESULT_ID = /^[A-Za-z0-9_-]{1,64}$/;
/** One-time offer tokens: random, URL-safe, long enough not to be guessed. */
const OFFER_TOKEN = /^[A-Za-z0-9_-]{16,64}$/;

export function isGenerationId(value: unknown): value is string {
  return typeof value === 'string' && GENERATION_ID.test(value);
}

export function isResultId(value: unknown): value is string {
  return typeof value === 'string' && RESULT_ID.test(value);
}

export function isOfferToken(value: unknown): value is string {
  return typeof value === 'string' && OFFER_TOKEN.test(value);
}

/** A message has no field beyond `keys` (an extra field is refused, not ignored). */
export function hasOnlyKeys(value: Record<string, unknown>, keys: readonly string[]): boolean {
  return Object.keys(value).every((key) => keys.includes(key));
}
