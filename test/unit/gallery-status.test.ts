import * as assert from 'node:assert/strict';
import type { GalleryView, ResultView, RunStateView } from '../../src/shared/protocol';
import { mediaRatio, slotKey, slotsFor } from '../../src/webview/slots';
import { describeState } from '../../src/webview/status';
import { GALLERY_STRING_DEFAULTS } from '../../src/shared/galleryStrings';
import { Words } from '../../src/webview/words';

const words = new Words({ ...GALLERY_STRING_DEFAULTS }, 'en');
const NOW = 1_750_000_000_000;

function ready(index: number, extra: Partial<ResultView> = {}): ResultView {
  return { id: `res-${index}`, index, status: 'ready', src: `https://x/${index}.webp`, ...extra };
}

function view(state: RunStateView, results: ResultView[] = [], requested = 3): GalleryView {
  return {
    generationId: 'g',
    sourceName: 'harbour.png',
    sourceSrc: 'https://x/source.png',
    chips: [{ label: '16:9', title: 'Aspect ratio 16:9' }],
    requested,
    state,
    results,
  };
}

describe('gallery status in words', () => {
  it('queued: says where in the queue, and can be cancelled', () => {
    const model = describeState(view({ kind: 'queued', position: 2 }), words, NOW);
    assert.equal(model.headline, 'Queued (position 2)');
    assert.ok(model.running);
  });

  it('uploading: percentage in the words and the bar; the announcement moves in quarters', () => {
    const model = describeState(view({ kind: 'uploading', percent: 42.4 }), words, NOW);
    assert.equal(model.headline, 'Uploading the source… 42%');
    assert.equal(model.progress, 42);
    assert.equal(model.announcement, 'Uploading the source… 25%');
  });

  it('generating: elapsed time from startedAt, and no made-up estimate', () => {
    // The host no longer guesses a usual duration ("about 38 s" for a 5 s run): no number beats a wrong one.
    const state: RunStateView = { kind: 'generating', startedAt: NOW - 75_000 };
    const model = describeState(view(state), words, NOW);
    assert.equal(model.headline, 'Generating… 1 min 15 s elapsed');
    assert.deepEqual(model.details, []);
    assert.equal(model.progress, 'indeterminate');
    assert.equal(model.announcement, 'Generating variations.', 'the ticking seconds are not announced');
    const later = describeState(view(state), words, NOW + 10_000);
    assert.equal(later.headline, 'Generating… 1 min 25 s elapsed');
    assert.deepEqual(describeState(view(state), words, NOW + 1_000_000).details, [], 'never "longer than usual" without a real usual');
  });

  it('generating: a real usual duration, when the host has one, is shown and compared', () => {
    const state: RunStateView = { kind: 'generating', startedAt: NOW - 30_000, typicalSeconds: 40 };
    assert.deepEqual(describeState(view(state), words, NOW).details, ['Runs like this usually take about 40 s.']);
    const slow: RunStateView = { kind: 'generating', startedAt: NOW - 200_000, typicalSeconds: 40 };
    assert.ok(describeState(view(slow), words, NOW).details.some((d) => /longer than usual/.test(d)));
    // Half of all ordinary runs pass a median: "longer than usual" waits for a margin (src/shared/longerThanUsual.ts).
    const justOver: RunStateView = { kind: 'generating', startedAt: NOW - 42_000, typicalSeconds: 40 };
    assert.deepEqual(describeState(view(justOver), words, NOW).details, ['Runs like this usually take about 40 s.']);
    const wellOver: RunStateView = { kind: 'generating', startedAt: NOW - 49_000, typicalSeconds: 40 };
    assert.equal(describeState(view(wellOver), words, NOW).details.length, 2);
  });

  it('downloading: k of n', () => {
    const model = describeState(view({ kind: 'downloading', done: 1, total: 3 }), words, NOW);
    assert.equal(model.headline, 'Downloading 1 of 3…');
    assert.equal(model.progress, 33);
  });

  it('done: counts the variations, singular and plural', () => {
    assert.equal(describeState(view({ kind: 'done', withheld: 0 }, [ready(1), ready(2)]), words, NOW).headline, 'Done: 2 variations.');
    assert.equal(describeState(view({ kind: 'done', withheld: 0 }, [ready(1)]), words, NOW).headline, 'Done: 1 variation.');
  });

  it('partial: how many came back and how many were withheld', () => {
    const one = describeState(view({ kind: 'done', withheld: 1 }, [ready(1), ready(2)]), words, NOW);
    assert.equal(one.headline, '2 of 3 came back; 1 was withheld by the provider.');
    assert.equal(one.tone, 'warning');
    const two = describeState(view({ kind: 'done', withheld: 2 }, [ready(1)]), words, NOW);
    assert.equal(two.headline, '1 of 3 came back; 2 were withheld by the provider.');
    const none = describeState(view({ kind: 'done', withheld: 3 }, []), words, NOW);
    assert.equal(none.headline, 'None came back: the provider withheld all 3.');
  });

  it('done with failed downloads: says how many could not be downloaded', () => {
    const results: ResultView[] = [ready(1), { id: 'res-2', index: 2, status: 'failed', error: 'HTTP 403' }];
    const model = describeState(view({ kind: 'done', withheld: 0 }, results, 2), words, NOW);
    assert.equal(model.headline, '1 of 2 downloaded; 1 could not be downloaded.');
    assert.equal(model.tone, 'warning');
  });

  it('failed: the message, the offered actions and the credit note', () => {
    const actions = [{ id: 'setApiKey' as const, label: 'Set API Key…' }];
    const model = describeState(view({ kind: 'failed', message: 'API Key has been deleted', actions, mayBeCharged: false }), words, NOW);
    assert.equal(model.tone, 'error');
    assert.deepEqual(model.details, ['API Key has been deleted', 'No credits were spent.']);
    assert.deepEqual(model.actions, actions);
    assert.equal(model.running, false);
    assert.match(model.announcement, /API Key has been deleted/);
  });

  it('cancelled and interrupted: say whether credits may have been spent', () => {
    const cancelled = describeState(view({ kind: 'cancelled', mayBeCharged: true }), words, NOW);
    assert.equal(cancelled.headline, 'Cancelled.');
    assert.deepEqual(cancelled.details, ['Credits may have been spent: the server may have finished the run.']);
    const interrupted = describeState(view({ kind: 'interrupted', mayBeCharged: false }), words, NOW);
    assert.match(interrupted.headline, /Interrupted/);
    assert.deepEqual(interrupted.details, ['No credits were spent.']);
  });

  it('uses the host\'s words over the defaults', () => {
    const german = new Words({ ...GALLERY_STRING_DEFAULTS, downloading: 'Lade {0} von {1}…' }, 'de');
    assert.equal(describeState(view({ kind: 'downloading', done: 2, total: 4 }), german, NOW).headline, 'Lade 2 von 4…');
  });
});

describe('gallery slots', () => {
  it('fills up to the requested count with waiting slots while running', () => {
    const slots = slotsFor(view({ kind: 'downloading', done: 1, total: 3 }, [ready(1)], 3));
    assert.deepEqual(slots.map(slotKey), ['result:res-1', 'waiting:2', 'waiting:3']);
  });

  it('keeps a withheld slot for each output the provider withheld', () => {
    const slots = slotsFor(view({ kind: 'done', withheld: 1 }, [ready(1), ready(3)], 3));
    assert.deepEqual(slots.map(slotKey), ['result:res-1', 'result:res-3', 'withheld:2']);
  });

  it('shows no placeholders after a failure without results', () => {
    assert.deepEqual(slotsFor(view({ kind: 'failed', message: 'x', actions: [], mayBeCharged: false })), []);
  });

  it('orders results by index', () => {
    const slots = slotsFor(view({ kind: 'done', withheld: 0 }, [ready(2), ready(1)], 2));
    assert.deepEqual(slots.map(slotKey), ['result:res-1', 'result:res-2']);
  });

  it('shapes cells from a real size first, then the aspect chip, then 4:3', () => {
    assert.equal(mediaRatio(view({ kind: 'done', withheld: 0 }, [ready(1, { width: 768, height: 1344 })])), 768 / 1344);
    assert.equal(mediaRatio(view({ kind: 'queued', position: 1 })), 16 / 9);
    assert.equal(mediaRatio({ ...view({ kind: 'queued', position: 1 }), chips: [] }), 4 / 3);
  });
});

describe('gallery number formats', () => {
  it('sizes in B, KB and MB, 1024-based', () => {
    assert.equal(words.size(900), '900 B');
    assert.equal(words.size(412 * 1024), '412 KB');
    assert.equal(words.size(3016), '2.9 KB');
    assert.equal(words.size(1_288_490), '1.2 MB');
  });

  it('durations in seconds, then minutes and seconds', () => {
    assert.equal(words.duration(35.9), '35 s');
    assert.equal(words.duration(125), '2 min 5 s');
    assert.equal(words.duration(-3), '0 s');
  });

  it('falls back to the default locale on a malformed one', () => {
    assert.equal(new Words({}, 'not a locale!').count(1234), new Words({}, undefined).count(1234));
  });
});
