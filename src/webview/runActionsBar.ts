import type { GalleryView, PaidActionId, RunOfferView, WebviewMessage } from '../shared/protocol';
import { el, setAttr } from './dom';
import { actionButton, setButtonLabel } from './header';
import type { Words } from './words';

const OFFER_ICONS: Record<PaidActionId, string> = {
  runAgain: 'refresh',
  retryRun: 'history',
};

/**
 * Under the header: Run Again and Reproduce when the host offers them, Copy Settings and Copy
 * Seed always. A paid button sends its offer's token once and then waits, disabled, for the
 * next view to bring a new offer: a double click asks for one run, not two. The buttons are
 * built once, so focus stays on them across views.
 */
export class RunActionsBar {
  readonly root: HTMLElement;
  private readonly paid = new Map<PaidActionId, { button: HTMLButtonElement; offer?: RunOfferView; sentToken?: string }>();
  private readonly copySettingsButton: HTMLButtonElement;
  private readonly copySeedButton: HTMLButtonElement;

  constructor(private readonly post: (message: WebviewMessage) => void) {
    const paidButtons: HTMLButtonElement[] = [];
    for (const action of ['runAgain', 'retryRun'] as const) {
      const button = actionButton(OFFER_ICONS[action], 'secondary');
      setAttr(button, 'data-action', action);
      button.addEventListener('click', () => this.requestPaid(action));
      this.paid.set(action, { button });
      paidButtons.push(button);
    }
    this.copySettingsButton = actionButton('json', 'secondary');
    this.copySettingsButton.addEventListener('click', () => this.post({ type: 'copySettings' }));
    this.copySeedButton = actionButton('copy', 'secondary');
    this.copySeedButton.addEventListener('click', () => this.post({ type: 'copySeed' }));
    this.root = el('div', { className: 'run-actions', attrs: { role: 'group', 'data-testid': 'run-actions' } }, [
      ...paidButtons,
      this.copySettingsButton,
      this.copySeedButton,
    ]);
  }

  render(view: GalleryView, words: Words): void {
    setAttr(this.root, 'aria-label', words.t('runActions'));
    for (const [action, slot] of this.paid) {
      const offer = view.offers?.find((o) => o.action === action);
      slot.offer = offer;
      slot.button.hidden = !offer;
      if (!offer) {
        continue;
      }
      setButtonLabel(slot.button, offer.label);
      setAttr(slot.button, 'title', offer.title);
      // A new token is a new offer: the button works again.
      const waiting = slot.sentToken !== undefined && slot.sentToken === offer.token;
      setAttr(slot.button, 'aria-disabled', waiting ? 'true' : undefined);
    }
    setButtonLabel(this.copySettingsButton, words.t('copySettings'));
    setAttr(this.copySettingsButton, 'title', words.t('copySettingsTitle'));
    setButtonLabel(this.copySeedButton, words.t('copySeed'));
  }

  private requestPaid(action: PaidActionId): void {
    const slot = this.paid.get(action);
    if (!slot?.offer || slot.sentToken === slot.offer.token) {
      return;
    }
    slot.sentToken = slot.offer.token;
    setAttr(slot.button, 'aria-disabled', 'true');
    this.post({ type: 'runAction', action, token: slot.offer.token });
  }
}
