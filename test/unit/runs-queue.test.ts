import * as assert from 'node:assert/strict';
import { CancelledWhileQueuedError, RunQueue } from '../../src/runs/queue';

function deferred<T = void>() {
  let resolve!: (value: T) => void;
  const promise = new Promise<T>((r) => (resolve = r));
  return { promise, resolve };
}

describe('RunQueue', () => {
  it('never runs more than the limit at once, in queue order', async () => {
    const queue = new RunQueue(2);
    const gates = Array.from({ length: 5 }, () => deferred());
    const started: number[] = [];
    let active = 0;
    let maxActive = 0;
    const tasks = gates.map((gate, i) =>
      queue.enqueue(async () => {
        started.push(i);
        active++;
        maxActive = Math.max(maxActive, active);
        await gate.promise;
        active--;
        return i;
      }),
    );
    await Promise.resolve();
    assert.deepEqual(started, [0, 1]);
    assert.equal(tasks[4].position(), 3);
    for (const gate of gates) {
      gate.resolve();
      await new Promise((r) => setImmediate(r));
    }
    assert.deepEqual(await Promise.all(tasks.map((t) => t.result)), [0, 1, 2, 3, 4]);
    assert.equal(maxActive, 2);
    assert.deepEqual(started, [0, 1, 2, 3, 4]);
  });

  it('cancels a waiting task without starting it', async () => {
    const queue = new RunQueue(1);
    const gate = deferred();
    const first = queue.enqueue(() => gate.promise);
    let secondStarted = false;
    const second = queue.enqueue(async () => {
      secondStarted = true;
    });
    second.cancel();
    await assert.rejects(second.result, CancelledWhileQueuedError);
    gate.resolve();
    await first.result;
    assert.equal(secondStarted, false);
  });

  it('aborts the signal of a running task on cancel', async () => {
    const queue = new RunQueue(1);
    const task = queue.enqueue(
      (signal) => new Promise((_, reject) => signal.addEventListener('abort', () => reject(new Error('aborted')))),
    );
    await Promise.resolve();
    task.cancel();
    await assert.rejects(task.result, /aborted/);
  });
});
