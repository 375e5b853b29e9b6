/**
 * The paid actions a gallery offers (Run Again, Reproduce) and the one-time tokens that go with
 * them. A webview can only echo back what it was offered, and each offer buys one run however
 * often its button is clicked: a double click, a replayed message or a stale page costs nothing.
 * Plain code; one instance per panel.
 */
import { randomBytes } from 'node:crypto';
import type { GenerationRecord } from '../runs/record';
import { paidActionsFor, paidActionTitle } from '../runs/runActions';
import type { ActionId, PaidActionId, RunOfferView } from '../shared/protocol';

/** Why a request for a paid action was refused, for the log. */
export type OfferRefusal = 'not-offered' | 'unknown-token';

export type OfferRedemption = { ok: true } | { ok: false; refusal: OfferRefusal };

/** 18 random bytes: 24 URL-safe characters, nothing a page could guess. */
export function newOfferToken(): string {
  return randomBytes(18).toString('base64url');
}

export class RunOffers {
  /** At most one open offer per action; it stays the same across views until it is used. */
  private readonly open = new Map<PaidActionId, string>();

  constructor(private readonly newToken: () => string = newOfferToken) {}

  /**
   * The tokens of the offers a view makes: an open offer keeps its token (a click racing a
   * progress update still counts), a used one is replaced, and actions the view no longer
   * offers are withdrawn.
   */
  present(actions: readonly PaidActionId[]): Map<PaidActionId, string> {
    for (const action of [...this.open.keys()]) {
      if (!actions.includes(action)) {
        this.open.delete(action);
      }
    }
    const tokens = new Map<PaidActionId, string>();
    for (const action of actions) {
      const token = this.open.get(action) ?? this.newToken();
      this.open.set(action, token);
      tokens.set(action, token);
    }
    return tokens;
  }

  /** Uses up the offer the token stands for; anything else is refused and changes nothing. */
  redeem(action: PaidActionId, token: string): OfferRedemption {
    const offered = this.open.get(action);
    if (offered === undefined) {
      return { ok: false, refusal: 'not-offered' };
    }
    if (offered !== token) {
      return { ok: false, refusal: 'unknown-token' };
    }
    this.open.delete(action);
    return { ok: true };
  }
}

/** The view's `offers`; absent when the panel gave no way to make them. */
export function offersOfView(
  record: GenerationRecord,
  context: { actionLabel(action: ActionId): string; offer?(actions: readonly PaidActionId[]): Map<PaidActionId, string> },
): { offers?: RunOfferView[] } {
  if (!context.offer) {
    return {};
  }
  const tokens = context.offer(paidActionsFor(record));
  return {
    offers: [...tokens].map(([action, token]) => ({
      action,
      label: context.actionLabel(action),
      title: paidActionTitle(action, record),
      token,
    })),
  };
}
