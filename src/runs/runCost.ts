/**
 * What one run cost, from the account's own figures. `teamUser.usedCredit` lags one request: an
 * answer shows the total before its own call was billed. So the paid call's answer holds the
 * total before this run, and the first reading after the record is final holds it with this run;
 * their difference is the run's cost, but only when no other paid call to the same API origin
 * (from any window) went out in between, or it would be counted too.
 *
 * The reading after the record is final is one extra `GET /api/results/{uuid}` sent once the
 * final answer is in. The final answer itself cannot serve: in sync mode it is the paid call's
 * own answer, and a final poll answer may come before the server has billed the job. The extra
 * GET is free, and it is the only way to get a reading at once that is certainly later.
 */
import type { GenerationRecord } from './record';
import type { PaidCallLedger, PaidCallMark } from './paidCalls';
import type { Generation, VariationClient } from './variationClient';

/**
 * How long another window's note of a paid call can take to reach this window's globalState
 * (writes travel through the main process and are flushed with a delay): a guess with a margin.
 */
export const COST_SETTLE_MS = 2_000;

export interface RunCostDeps {
  ledger: PaidCallLedger;
  now(): number;
  sleep(ms: number): Promise<void>;
  /**
   * How long another window's note of a paid call may take to arrive through globalState; the
   * cost is looked at again after it, and taken back if such a note shows up.
   */
  settleMs: number;
  log(message: string): void;
}

/** The account's figures after the run, and the run's cost when it could be told. */
export interface MeasuredCost {
  credits: NonNullable<GenerationRecord['credits']>;
  cost?: { credits: number };
  /** With a cost: resolves false if, after `settleMs`, another window's paid call turned up in between. */
  stillAlone?: Promise<boolean>;
}

/** The credits to store from a generation's answer, with the paid call's own reading. */
export function creditsOfGeneration(generation: Generation): GenerationRecord['credits'] {
  if (!generation.credits) {
    return undefined;
  }
  return generation.usedAtPaidCall === undefined ? generation.credits : { ...generation.credits, usedAtPaidCall: generation.usedAtPaidCall };
}

/** Puts the measured figures on the record; takes the cost back if a late note puts it in doubt. */
/**
 * Stores the measured cost, and takes it back when the settle wait later finds another window's
 * paid call in between. Both are edits of a run that has ended (the reading comes after the record
 * was final and its results stored): other windows already see it finished and may change it (a
 * favourite), so they go through `editFinished`, the store's locked read-modify-write of the
 * record on disk; writing the run's own copy would undo their change.
 */
export async function storeMeasuredCost(
  measured: MeasuredCost | undefined,
  editFinished: (mutate: (stored: GenerationRecord) => void | false) => Promise<void>,
): Promise<void> {
  if (!measured) {
    return;
  }
  await editFinished((stored) => {
    stored.credits = measured.credits;
    stored.cost = measured.cost;
  });
  void measured.stillAlone?.then(async (alone) => {
    if (!alone) {
      await editFinished((stored) => {
        if (stored.cost !== measured.cost) {
          return false;
        }
        stored.cost = undefined;
      });
    }
  }).catch(() => undefined);
}

export class RunCostMeter {
  constructor(private readonly deps: RunCostDeps) {}

  /** Before the paid call goes out. Undefined when it could not be noted: then no cost is told. */
  async notePaidCall(apiOrigin: string): Promise<PaidCallMark | undefined> {
    try {
      return await this.deps.ledger.note(apiOrigin);
    } catch (error) {
      this.deps.log(`Could not note the paid call, so its cost will not be shown: ${error instanceof Error ? error.message : String(error)}`);
      return undefined;
    }
  }

  /** After the record is final. Never rejects: without a trustworthy difference there is no cost. */
  measure(runId: string, mark: PaidCallMark | undefined, generation: Generation, client: VariationClient): Promise<MeasuredCost | undefined> {
    return this.measureOrThrow(runId, mark, generation, client).catch((error: unknown) => {
      this.deps.log(`Generation ${runId}: its cost could not be measured: ${error instanceof Error ? error.message : String(error)}`);
      return undefined;
    });
  }

  private async measureOrThrow(runId: string, mark: PaidCallMark | undefined, generation: Generation, client: VariationClient): Promise<MeasuredCost | undefined> {
    const before = generation.usedAtPaidCall;
    if (mark === undefined || before === undefined || generation.recordId === undefined || !client.fetchResult) {
      return undefined;
    }
    const after = await this.readAfter(generation.recordId, client);
    if (after === undefined) {
      return undefined;
    }
    const readAt = this.deps.now();
    const credits = { ...after, usedAtPaidCall: before };
    if (!this.deps.ledger.isLatest(mark)) {
      this.deps.log(`Generation ${runId}: another paid call went out to ${mark.apiOrigin} meanwhile, so this run's cost cannot be told apart.`);
      return { credits };
    }
    const spent = after.used - before;
    if (spent <= 0) {
      this.deps.log(`Generation ${runId}: the account's figure did not grow (${before} → ${after.used}), so no cost is shown.`);
      return { credits };
    }
    this.deps.log(`Generation ${runId}: cost about ${spent} credits (usedCredit ${before} → ${after.used}).`);
    const stillAlone = this.deps.sleep(this.deps.settleMs).then(() => {
      const alone = this.deps.ledger.noOtherUntil(mark, readAt);
      if (!alone) {
        this.deps.log(`Generation ${runId}: another window's paid call turned up in between; its cost is no longer shown.`);
      }
      return alone;
    });
    return { credits, cost: { credits: spent }, stillAlone };
  }

  private async readAfter(recordId: string, client: VariationClient): Promise<{ used: number; limit: number } | undefined> {
    try {
      const answer = await client.fetchResult!(recordId);
      return answer.kind === 'finished' ? answer.result.credits : undefined;
    } catch (error) {
      this.deps.log(`Could not read the account's figure after record ${recordId}: ${error instanceof Error ? error.message : String(error)}`);
      return undefined;
    }
  }
}
