import type { ActionId, WebviewMessage } from '../shared/protocol';
import { el, icon, replaceChildrenIfChanged, setAttr, setText } from './dom';
import { actionButton, setButtonLabel } from './header';
import type { StatusModel } from './status';

const ACTION_ICONS: Record<ActionId, string> = {
  setApiKey: 'key',
  showLog: 'output',
  openSettings: 'settings-gear',
  retryRun: 'refresh',
  fetchLater: 'cloud-download',
  runAgain: 'refresh',
};

/** The run's state in words, with a progress bar and, after a failure, the actions that help. */
export class StatusStrip {
  readonly root: HTMLElement;
  /** Polite live region: only the coarse announcement goes here. */
  readonly liveRegion: HTMLElement;
  private readonly glyph: HTMLElement;
  private readonly headline: HTMLElement;
  private readonly details: HTMLElement;
  private readonly bar: HTMLElement;
  private readonly barFill: HTMLElement;
  private readonly actions: HTMLElement;

  constructor(private readonly post: (message: WebviewMessage) => void) {
    this.glyph = icon('info');
    this.headline = el('p', { className: 'status-headline' });
    this.details = el('div', { className: 'status-details' });
    this.barFill = el('div', { className: 'progress-fill' });
    this.bar = el('div', { className: 'progress', attrs: { 'aria-hidden': 'true' } }, [this.barFill]);
    this.actions = el('div', { className: 'status-actions' });
    this.root = el('section', { className: 'status', attrs: { 'data-testid': 'status' } }, [
      el('div', { className: 'status-icon' }, [this.glyph]),
      el('div', { className: 'status-body' }, [this.headline, this.details, this.actions]),
      this.bar,
    ]);
    this.liveRegion = el('div', {
      className: 'visually-hidden',
      attrs: { role: 'status', 'aria-live': 'polite', 'aria-atomic': 'true', 'data-testid': 'live' },
    });
  }

  render(model: StatusModel): void {
    setAttr(this.root, 'data-tone', model.tone);
    setAttr(this.glyph, 'class', `codicon codicon-${model.icon}${model.spin ? ' codicon-modifier-spin' : ''}`);
    setText(this.headline, model.headline);
    replaceChildrenIfChanged(this.details, JSON.stringify(model.details), () =>
      model.details.map((line) => el('p', { className: 'status-detail', text: line })),
    );
    replaceChildrenIfChanged(this.actions, JSON.stringify(model.actions), () =>
      model.actions.map((action, position) => {
        const button = actionButton(ACTION_ICONS[action.id] ?? 'arrow-right', position === 0 ? 'primary' : 'secondary');
        setButtonLabel(button, action.label);
        button.addEventListener('click', () => this.post({ type: 'runAction', action: action.id }));
        return button;
      }),
    );
    this.actions.hidden = model.actions.length === 0;

    if (model.progress === undefined) {
      this.bar.hidden = true;
    } else {
      this.bar.hidden = false;
      const indeterminate = model.progress === 'indeterminate';
      this.bar.classList.toggle('progress--indeterminate', indeterminate);
      this.barFill.style.width = indeterminate ? '' : `${model.progress}%`;
    }
    // Re-setting the same text does not re-announce, which is what we want.
    setText(this.liveRegion, model.announcement);
  }
}
