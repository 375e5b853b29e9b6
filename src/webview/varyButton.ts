import type { VaryOfferView, WebviewMessage } from '../shared/protocol';
import { setAttr } from './dom';
import { actionButton, setButtonLabel } from './header';

/**
 * The Vary button of one result (a card, the comparison). Built once and kept, so focus stays on
 * it across views. It sends its offer's token once and then waits, aria-disabled, until the next
 * view brings a new offer: a double click asks for one run, not two.
 */
export class VaryButton {
  readonly button: HTMLButtonElement;
  private resultId?: string;
  private offer?: VaryOfferView;
  private sentToken?: string;

  constructor(private readonly post: (message: WebviewMessage) => void, kind: 'primary' | 'secondary' = 'secondary') {
    this.button = actionButton('sparkle', kind);
    this.button.dataset.action = 'vary';
    this.button.addEventListener('click', () => this.request());
  }

  render(resultId: string | undefined, offer: VaryOfferView | undefined): void {
    this.resultId = resultId;
    this.offer = offer;
    this.button.hidden = !offer;
    if (!offer) {
      return;
    }
    setButtonLabel(this.button, offer.label);
    setAttr(this.button, 'title', offer.title);
    setAttr(this.button, 'aria-description', offer.title);
    setAttr(this.button, 'aria-disabled', this.sentToken === offer.token ? 'true' : undefined);
  }

  private request(): void {
    const { offer, resultId } = this;
    if (!offer || !resultId || this.sentToken === offer.token) {
      return;
    }
    this.sentToken = offer.token;
    setAttr(this.button, 'aria-disabled', 'true');
    this.post({ type: 'vary', resultId, token: offer.token });
  }
}
