/**
 * One window's waits for asynchronous records on a virtual clock: the window's poll gate, a
 * learner of ready times, and a server whose records are ready a fixed time after the paid call.
 * Shared by the tests of aimed polls and of the ready times kept across windows.
 */
import { DEFAULT_BACKOFF } from '../../../src/api/backoff';
import { PollLimiter } from '../../../src/api/pollLimiter';
import type { ReadyTimes } from '../../../src/api/readyTimes';
import { type PollEnv, pollUntilFinal } from '../../../src/api/resultPolling';

/** A clock that moves only when someone sleeps. */
export function virtualClock() {
  let time = 0;
  return {
    now: () => time,
    sleep: async (ms: number, signal?: AbortSignal) => {
      signal?.throwIfAborted();
      await new Promise((resolve) => setImmediate(resolve));
      time += Math.max(0, ms);
    },
  };
}

export interface WindowWait {
  /** How long after the record was ready the wait saw it. */
  lateMs: number;
  /** When each poll went out (clock ms). */
  sends: number[];
}

/** `runs` waits, 5 s apart, for records ready `readyAfterMs` after their paid call. */
export async function waitsOfAWindow(readyTimes: ReadyTimes, runs: number, readyAfterMs = 3_150): Promise<WindowWait[]> {
  const clock = virtualClock();
  const rttMs = 20;
  let paidAt = 0;
  let sends: number[] = [];
  const fetch = (async () => {
    sends.push(clock.now());
    await clock.sleep(rttMs);
    const ready = clock.now() - rttMs / 2 - paidAt >= readyAfterMs;
    return new Response(JSON.stringify({ aiRecord: { uuid: 'r1', status: ready ? 'SUCCESS' : 'PROCESSING', aiRecordDetail: { resultObject: ready ? ['a.png'] : [] } } }), {
      status: 200,
      headers: { 'content-type': 'application/json' },
    });
  }) as typeof globalThis.fetch;
  const log = { info: () => undefined, warn: () => undefined, error: () => undefined };
  const env: PollEnv = {
    exchange: { fetch, now: clock.now, log },
    retry: { policy: DEFAULT_BACKOFF, random: () => 0.5, sleep: clock.sleep },
    gate: new PollLimiter(clock),
    readyTimes,
  };
  const waits: WindowWait[] = [];
  for (let run = 0; run < runs; run++) {
    await clock.sleep(5_000);
    paidAt = clock.now();
    sends = [];
    await pollUntilFinal(
      { url: 'http://api.test/api/results/r1', apiKey: 'k', recordId: 'r1', ctx: { operation: 'generate', secrets: ['k'] }, maxBodyBytes: 1 << 20, kind: 'model 1 1 28' },
      { paidAt, deadline: paidAt + 300_000, timeoutSeconds: 300 },
      env,
    );
    waits.push({ lateMs: clock.now() - paidAt - readyAfterMs, sends });
  }
  return waits;
}
