/**
 * Vary is a paid action offered per result: each ready result a view shows carries a one-time
 * token, and a request starts the Vary flow only with the open token of that very result, which it
 * uses up. A double click, a replayed message or a stale page starts nothing. Plain code; the
 * gallery keeps one per panel (keys: result ids), the history one for its view (keys: run and
 * result ids).
 */
import { newOfferToken, type OfferRedemption } from '../gallery/runOffers';

/** Bounds what a long-lived view holds: past this, the oldest open offers are withdrawn. */
export const MAX_OPEN_VARY_OFFERS = 10_000;

export class VaryOffers {
  private readonly open = new Map<string, string>();

  constructor(private readonly newToken: () => string = newOfferToken) {}

  /** The token of the open offer for `key`: the same until it is used, so a render racing a click still counts. */
  offer(key: string): string {
    const existing = this.open.get(key);
    if (existing !== undefined) {
      return existing;
    }
    const token = this.newToken();
    this.open.set(key, token);
    if (this.open.size > MAX_OPEN_VARY_OFFERS) {
      const oldest = this.open.keys().next().value;
      if (oldest !== undefined) {
        this.open.delete(oldest);
      }
    }
    return token;
  }

  /** Uses up the offer for `key` if `token` is its token; anything else is refused and changes nothing. */
  redeem(key: string, token: string): OfferRedemption {
    const offered = this.open.get(key);
    if (offered === undefined) {
      return { ok: false, refusal: 'not-offered' };
    }
    if (offered !== token) {
      return { ok: false, refusal: 'unknown-token' };
    }
    this.open.delete(key);
    return { ok: true };
  }

  /** Withdraws every open offer (a view that went away). */
  clear(): void {
    this.open.clear();
  }
}

/** The history's key for a result of a run. */
export function historyVaryKey(generationId: string, resultId: string): string {
  return `${generationId}/${resultId}`;
}
