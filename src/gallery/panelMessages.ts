import { errorMessage } from '../shared/errorMessage';
import { assertNever } from '../shared/guards';
import { isPaidAction, parseWebviewMessage, type WebviewMessage } from '../shared/protocol';
import type { Probe } from '../probe';
import type { VaryOffers } from '../commands/varyOffers';
import type { OfferRefusal, RunOffers } from './runOffers';

/** What the webview asks the host to do; `ready` and `firstPaint` the panel answers itself. */
export type GalleryIntent = Exclude<WebviewMessage, { type: 'ready' | 'firstPaint' }>;

/** A gallery panel as its message routing sees it (src/gallery/panel.ts). */
export interface PanelMessageTarget {
  readonly generationId: string;
  readonly probe: Pick<Probe, 'galleryMark' | 'firstPaint'>;
  log(message: string): void;
  /** Hands a checked intent to the host, which does it (src/gallery/galleryIntents.ts). */
  onIntent(message: GalleryIntent): Promise<void>;
  /** Run Again and Reproduce as the panel offered them: each token buys one run. */
  readonly offers: RunOffers;
  /** Vary, one offer per ready result (keys: result ids). */
  readonly varyOffers: VaryOffers;
  /** The webview loaded a new document and said `ready`: it needs the whole view. */
  onReady(): Promise<void>;
  /** True when a breadcrumb link names a run of the panel's lineage. */
  inLineage(generationId: string): boolean;
  /** Sends the view again, with new offers in place of a used one. */
  refresh(): Promise<void>;
}

/** The edge: whatever arrives from the webview is checked here before anything acts on it. */
export async function handlePanelMessage(target: PanelMessageTarget, raw: unknown): Promise<void> {
  const message = parseWebviewMessage(raw);
  if (!message) {
    target.log(`Gallery ${target.generationId}: refused a malformed message from the webview.`);
    return;
  }
  try {
    switch (message.type) {
      case 'ready':
        target.probe.galleryMark(target.generationId, 'readyReceived', Date.now());
        await target.onReady();
        return;
      case 'firstPaint':
        target.probe.firstPaint(target.generationId, {
          from: message.from,
          at: message.at,
          scriptAt: message.scriptAt,
          documentAt: message.documentAt,
          thumbnailAt: message.thumbnailAt,
        });
        return;
      case 'save':
      case 'saveAs':
      case 'open':
      case 'revealSaved':
      case 'retryDownload':
      case 'saveAll':
      case 'cancel':
      case 'copySettings':
      case 'copySeed':
      case 'painted':
      case 'favourite':
        await target.onIntent(message);
        return;
      case 'runAction':
        if (takeOffer(target, message)) {
          await target.onIntent(message);
        }
        return;
      case 'vary':
        if (takeVaryOffer(target, message.resultId, message.token)) {
          await target.onIntent(message);
        }
        return;
      case 'openLineage':
        if (!target.inLineage(message.generationId)) {
          target.log(`Gallery ${target.generationId}: refused to open a run that is not in its lineage.`);
          return;
        }
        await target.onIntent(message);
        return;
      default:
        assertNever(message);
    }
  } catch (error) {
    target.log(`Gallery ${target.generationId}: ${message.type} failed: ${errorMessage(error)}`);
  }
}

/**
 * A paid action goes ahead only with the token of an open offer, which it uses up; the next
 * view brings a new one. Free actions need none.
 */
function takeOffer(target: PanelMessageTarget, message: Extract<WebviewMessage, { type: 'runAction' }>): boolean {
  if (!isPaidAction(message.action)) {
    return true;
  }
  const redemption = target.offers.redeem(message.action, message.token ?? '');
  if (!redemption.ok) {
    target.log(`Gallery ${target.generationId}: refused ${message.action}: ${refusalReason(redemption.refusal)}.`);
    return false;
  }
  void target.refresh();
  return true;
}

/** As takeOffer, for the Vary offer of one result. */
function takeVaryOffer(target: PanelMessageTarget, resultId: string, token: string): boolean {
  const redemption = target.varyOffers.redeem(resultId, token);
  if (!redemption.ok) {
    target.log(`Gallery ${target.generationId}: refused vary: ${refusalReason(redemption.refusal)}.`);
    return false;
  }
  void target.refresh();
  return true;
}

function refusalReason(refusal: OfferRefusal): string {
  switch (refusal) {
    case 'not-offered':
      return 'it is not offered';
    case 'unknown-token':
      return 'its token was used already or never offered';
    default:
      return assertNever(refusal);
  }
}
