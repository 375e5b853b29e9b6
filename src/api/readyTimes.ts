/**
 * When this window's asynchronous records have become ready, by the settings that shape how long
 * a generation takes, so the next poll can be aimed at the moment a result is likely instead of
 * at a fixed second. With one poll a second per window, a fixed grid sees a finished record on
 * average half a second late; the benchmark's 3 s generation leaves a few hundred ms of slack.
 *
 * Each finished wait leaves a bracket, in ms since its paid call: the last poll that still saw
 * PROCESSING went out at `notBefore`, the first that saw the record final went out at `by`.
 * Send times on both sides, so a steady network delay cancels out.
 */
import type { GenerationRequest } from './requestBody';

export interface ReadyBracket {
  /** The last poll that saw PROCESSING went out this long after the paid call (0: none did). */
  notBefore: number;
  /** The first poll that saw the record final went out this long after the paid call. */
  by: number;
}

/** A bracket this narrow is as good as it gets: aim at its end. */
const NARROW_MS = 150;
/** Past the end of a narrow bracket, for the few ms a generation's time wanders from run to run. */
const NARROW_MARGIN_MS = 20;
/**
 * Inside a wider bracket the aim halves it. Each wait can test one moment only (the next poll
 * is a second away), so halving narrows fastest; a poll that comes too early costs that run a
 * second, which a benchmark in a fresh window shows for its first few runs of a kind.
 */
const AIM_FRACTION = 1 / 2;

/** The settings a generation's duration depends on. */
export function generationKind(req: GenerationRequest): string {
  const { num_outputs, megapixels, num_inference_steps } = req.options;
  return [req.model, num_outputs, megapixels, num_inference_steps].join(' ');
}

export class ReadyTimes {
  /** Per kind, what every wait so far agrees on: ready after `notBefore`, by `by`. */
  private readonly byKind = new Map<string, ReadyBracket>();

  note(kind: string, bracket: ReadyBracket): void {
    if (!(bracket.by >= 0 && bracket.notBefore >= 0 && bracket.notBefore < bracket.by)) {
      return;
    }
    const fresh = { notBefore: Math.round(bracket.notBefore), by: Math.round(bracket.by) };
    const known = this.byKind.get(kind);
    if (known && fresh.notBefore < known.by && fresh.by > known.notBefore) {
      this.byKind.set(kind, { notBefore: Math.max(known.notBefore, fresh.notBefore), by: Math.min(known.by, fresh.by) });
    } else {
      // The first wait, or the time has moved out of what was known: start again from this one.
      this.byKind.set(kind, fresh);
    }
  }

  /**
   * When to send the poll most likely to find a record of this kind final, in ms after the paid
   * call; undefined when this window has not waited for any record yet.
   */
  aimMs(kind: string): number | undefined {
    const known = this.byKind.get(kind);
    if (!known) {
      // Other settings tell roughly, not precisely: the latest of them, to err late.
      const others = [...this.byKind.values()];
      return others.length > 0 ? Math.max(...others.map((b) => b.by)) : undefined;
    }
    if (known.by - known.notBefore <= NARROW_MS) {
      return known.by + NARROW_MARGIN_MS;
    }
    return Math.round(known.notBefore + (known.by - known.notBefore) * AIM_FRACTION);
  }
}
