import { isTerminal, type GenerationRecord } from '../runs/record';
import { longerThanUsualAfter } from '../shared/longerThanUsual';

/** A timer may fire a hair early; the row is made after the moment has surely passed. */
const OVERDUE_SLACK_MS = 250;

export interface OverdueRowsDeps {
  /** How long runs like this usually take (src/runs/estimates.ts); undefined: no estimate, no wake. */
  typicalSeconds?(record: GenerationRecord): number | undefined;
  now(): number;
  /** The run passed its estimate: its row is sent again to say "longer than usual". */
  overdue(generationId: string): void;
}

/**
 * A generating run's row is sent again when it passes its estimate, though nothing else changed:
 * one timer per run, dropped when the run ends.
 */
export class OverdueRows {
  private readonly timers = new Map<string, ReturnType<typeof setTimeout>>();

  constructor(private readonly deps: OverdueRowsDeps) {}

  /** The run changed: wake for it once when it will pass its estimate, or forget it when it ended. */
  watch(record: GenerationRecord): void {
    if (isTerminal(record.phase)) {
      clearTimeout(this.timers.get(record.id));
      this.timers.delete(record.id);
      return;
    }
    const startedAt = record.generateStartedAt;
    const typical = record.phase === 'generating' && startedAt !== undefined ? this.deps.typicalSeconds?.(record) : undefined;
    if (this.timers.has(record.id) || startedAt === undefined || typical === undefined) {
      return;
    }
    const wait = startedAt + longerThanUsualAfter(typical) * 1000 - this.deps.now();
    if (wait > 0) {
      this.timers.set(record.id, setTimeout(() => this.deps.overdue(record.id), wait + OVERDUE_SLACK_MS));
    }
  }

  dispose(): void {
    for (const timer of this.timers.values()) {
      clearTimeout(timer);
    }
  }
}
