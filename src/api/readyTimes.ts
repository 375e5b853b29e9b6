/**
 * When this window's asynchronous records have become ready, by the settings that shape how long
 * a generation takes, so the next poll can be aimed at the moment a result is likely instead of
 * at a fixed second. With one poll a second per window, a fixed grid sees a finished record on
 * average half a second late; the benchmark's 3 s generation leaves a few hundred ms of slack.
 *
 * Each finished wait leaves a bracket, in ms since its paid call: the last poll that still saw
 * PROCESSING went out at `notBefore`, the first that saw the record final went out at `by`.
 * Send times on both sides, so a steady network delay cancels out.
 *
 * What a window learns is kept (src/runs/readyTimesMemory.ts, per API origin), so a reload or a
 * new window aims its first poll where the last one left off instead of starting cold.
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
 * is a second away), and any aim inside an unknown second costs its run half a second on average
 * (too early costs a whole second, too late the distance), so halving, which narrows fastest,
 * costs no more than aiming near the end; a benchmark in a fresh window shows it for its first
 * few runs of a kind.
 */
const AIM_FRACTION = 1 / 2;
/**
 * Settings not seen yet (more outputs, steps or megapixels) may take longer than any seen: the
 * latest of the others, this much later, errs late by a little rather than early by a second.
 */
const OTHER_SETTINGS_MARGIN = 0.1;

/** The settings a generation's duration depends on. */
export function generationKind(req: GenerationRequest): string {
  const { num_outputs, megapixels, num_inference_steps } = req.options;
  return [req.model, num_outputs, megapixels, num_inference_steps].join(' ');
}

/** Where the brackets of earlier windows come from and where new ones go; read at the first use only. */
export interface ReadyTimesKeeper {
  load(): Iterable<[kind: string, bracket: ReadyBracket]>;
  keep(kind: string, bracket: ReadyBracket): void;
}

export function isReadyBracket(value: unknown): value is ReadyBracket {
  if (typeof value !== 'object' || value === null) {
    return false;
  }
  const { notBefore, by } = value as Partial<ReadyBracket>;
  return typeof notBefore === 'number' && typeof by === 'number' && Number.isFinite(by) && notBefore >= 0 && notBefore < by;
}

export class ReadyTimes {
  /** Per kind, what every wait so far agrees on: ready after `notBefore`, by `by`. */
  private readonly byKind = new Map<string, ReadyBracket>();
  private loaded = false;

  constructor(private readonly keeper?: ReadyTimesKeeper) {}

  note(kind: string, bracket: ReadyBracket): void {
    if (!isReadyBracket(bracket)) {
      return;
    }
    this.loadOnce();
    const fresh = { notBefore: Math.round(bracket.notBefore), by: Math.round(bracket.by) };
    const known = this.byKind.get(kind);
    if (known && fresh.notBefore < known.by && fresh.by > known.notBefore) {
      this.byKind.set(kind, { notBefore: Math.max(known.notBefore, fresh.notBefore), by: Math.min(known.by, fresh.by) });
    } else {
      // The first wait, or the time has moved out of what was known: start again from this one.
      this.byKind.set(kind, fresh);
    }
    this.keeper?.keep(kind, this.byKind.get(kind)!);
  }

  /**
   * When to send the poll most likely to find a record of this kind final, in ms after the paid
   * call; undefined when no record of this API has been waited for yet (here or in an earlier window).
   */
  aimMs(kind: string): number | undefined {
    this.loadOnce();
    const known = this.byKind.get(kind);
    if (!known) {
      // Other settings tell roughly, not precisely: the latest of them, a little later, to err late.
      const others = [...this.byKind.values()];
      return others.length > 0 ? Math.round(Math.max(...others.map((b) => b.by)) * (1 + OTHER_SETTINGS_MARGIN)) : undefined;
    }
    if (known.by - known.notBefore <= NARROW_MS) {
      return known.by + NARROW_MARGIN_MS;
    }
    return Math.round(known.notBefore + (known.by - known.notBefore) * AIM_FRACTION);
  }

  /** Not in the constructor: the window's first poll is the first moment the brackets are needed. */
  private loadOnce(): void {
    if (this.loaded) {
      return;
    }
    this.loaded = true;
    try {
      for (const [kind, bracket] of this.keeper?.load() ?? []) {
        if (isReadyBracket(bracket) && !this.byKind.has(kind)) {
          this.byKind.set(kind, { notBefore: bracket.notBefore, by: bracket.by });
        }
      }
    } catch {
      // What could not be read is learnt again; the polls work without it.
    }
  }
}
