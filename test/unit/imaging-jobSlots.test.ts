import * as assert from 'node:assert/strict';
import { JobSlots } from '../../src/imaging/jobSlots';

describe('imaging: JobSlots', () => {
  it('runs at most `size` jobs at once, the rest in arrival order', async () => {
    const slots = new JobSlots(2);
    const order: string[] = [];
    const first = await slots.acquire();
    const second = await slots.acquire();
    const third = slots.acquire().then((release) => {
      order.push('third');
      return release;
    });
    const fourth = slots.acquire().then((release) => {
      order.push('fourth');
      return release;
    });
    await new Promise((resolve) => setImmediate(resolve));
    assert.deepEqual(order, [], 'nobody starts while both slots are taken');
    first();
    (await third)();
    second();
    (await fourth)();
    assert.deepEqual(order, ['third', 'fourth']);
  });

  it('a release called twice frees one slot only', async () => {
    const slots = new JobSlots(1);
    const release = await slots.acquire();
    const waiting = [slots.acquire(), slots.acquire()];
    let started = 0;
    waiting.forEach((promise) => void promise.then(() => started++));
    release();
    release();
    await new Promise((resolve) => setImmediate(resolve));
    assert.equal(started, 1);
  });

  it('a job cancelled while waiting leaves the queue with the abort reason and never starts', async () => {
    const slots = new JobSlots(1);
    const release = await slots.acquire();
    const controller = new AbortController();
    const cancelled = slots.acquire(controller.signal);
    const next = slots.acquire();
    controller.abort(new Error('cancelled by the user'));
    await assert.rejects(cancelled, /cancelled by the user/);
    release();
    const nextRelease = await next; // the slot went to the next job, not the cancelled one
    nextRelease();
    await assert.rejects(slots.acquire(controller.signal), /cancelled by the user/);
  });
});
