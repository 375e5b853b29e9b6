import * as assert from 'node:assert/strict';
import { historyVaryKey, MAX_OPEN_VARY_OFFERS, VaryOffers } from '../../src/commands/varyOffers';
import { toGalleryView, type ViewContext } from '../../src/gallery/viewModel';
import { toHistoryRunView } from '../../src/history/rows';
import { lineageOfVary } from '../../src/runs/lineage';
import { lineageView } from '../../src/runs/lineageView';
import { historyRecord, IDS } from './history-support';
import { sampleRecord } from './sampleRecord';

function counter(): () => string {
  let n = 0;
  return () => `token-${String(++n).padStart(16, '0')}`;
}

describe('Vary offers: one run per offer', () => {
  it('keeps a result\'s token until it is used, then makes a new one', () => {
    const offers = new VaryOffers(counter());
    const first = offers.offer('r1');
    assert.equal(offers.offer('r1'), first, 'a render racing a click keeps the same offer');
    assert.notEqual(offers.offer('r2'), first, 'each result has its own');
    assert.deepEqual(offers.redeem('r1', first), { ok: true });
    assert.deepEqual(offers.redeem('r1', first), { ok: false, refusal: 'not-offered' }, 'a double click costs one run');
    assert.notEqual(offers.offer('r1'), first);
  });

  it('refuses a token of another result, a guessed one, and changes nothing when it does', () => {
    const offers = new VaryOffers(counter());
    const r1 = offers.offer('r1');
    const r2 = offers.offer('r2');
    assert.deepEqual(offers.redeem('r1', r2), { ok: false, refusal: 'unknown-token' });
    assert.deepEqual(offers.redeem('r1', 'guessed-token-0000000'), { ok: false, refusal: 'unknown-token' });
    assert.deepEqual(offers.redeem('r1', r1), { ok: true }, 'the refusals left the offer open');
  });

  it('withdraws the oldest offers past its bound, and every offer on clear', () => {
    const offers = new VaryOffers(counter());
    const oldest = offers.offer('k0');
    for (let i = 1; i <= MAX_OPEN_VARY_OFFERS; i++) {
      offers.offer(`k${i}`);
    }
    assert.deepEqual(offers.redeem('k0', oldest), { ok: false, refusal: 'not-offered' });
    const newest = offers.offer(`k${MAX_OPEN_VARY_OFFERS}`);
    offers.clear();
    assert.deepEqual(offers.redeem(`k${MAX_OPEN_VARY_OFFERS}`, newest), { ok: false, refusal: 'not-offered' });
  });

  it('keys the history\'s offers by run and result', () => {
    assert.equal(historyVaryKey(IDS.newer, 'r2'), `${IDS.newer}/r2`);
  });
});

describe('Vary in the views', () => {
  const results = [
    { id: 'r1', index: 1, status: 'ready' as const, file: 'variation-1.webp' },
    { id: 'r2', index: 2, status: 'failed' as const, failure: { kind: 'internal' as const, facts: { what: 'internal' as const } } },
    { id: 'r3', index: 3, status: 'ready' as const },
  ];

  it('offers Vary on the gallery\'s stored results only, and passes the breadcrumb', () => {
    const offered: string[] = [];
    const parent = sampleRecord({ id: IDS.older, results });
    const child = sampleRecord({ id: IDS.newer, results, ...lineageOfVary(parent, 1) });
    const lineage = lineageView({ rootName: 'cat.png', root: parent, steps: [{ generationId: parent.id, resultIndex: 1, holder: parent }], gap: false, parentDeleted: false });
    const context: ViewContext = {
      fileSrc: (name) => `https://webview/${name}`,
      actionLabel: (id) => id,
      offerVary: (resultId) => {
        offered.push(resultId);
        return `tok-${resultId}-0000000000000`;
      },
      lineage,
    };
    const view = toGalleryView(child, {}, context);
    assert.deepEqual(offered, ['r1'], 'a failed result and one without its file have nothing to vary');
    assert.deepEqual(view.results[0].vary, { label: 'Vary', title: 'A new run from variation 1, its settings pre-selected', token: 'tok-r1-0000000000000' });
    assert.equal(view.results[1].vary, undefined);
    assert.equal(view.lineage?.text, 'Variation of cat.png › variation 1');
    const withoutOffers = toGalleryView(child, {}, { fileSrc: (name) => name, actionLabel: (id) => id });
    assert.equal(withoutOffers.results[0].vary, undefined, 'no way to make offers, no Vary');
    assert.equal(withoutOffers.lineage, undefined);
  });

  it('offers Vary on the history\'s thumbnails and carries the breadcrumb in the row', () => {
    const parent = historyRecord(IDS.older);
    const child = historyRecord(IDS.newer, lineageOfVary(parent, 2));
    const row = toHistoryRunView(child, undefined, {
      formatWhen: (iso) => iso,
      lineage: () => lineageView({ rootName: 'cat.png', root: parent, steps: [{ generationId: parent.id, resultIndex: 2, holder: parent }], gap: false, parentDeleted: false }),
      offerVary: (id, resultId) => `tok-${id.slice(-6)}-${resultId}-000000000`,
    });
    assert.deepEqual(row.thumbs.map((t) => t.vary?.token), ['tok-cccccc-r1-000000000', 'tok-cccccc-r2-000000000']);
    assert.equal(row.lineage?.text, 'Variation of cat.png › variation 2');
    assert.deepEqual(row.lineage.crumbs.map((c) => c.generationId), [IDS.older, IDS.older]);
    const plain = toHistoryRunView(parent, undefined, { formatWhen: (iso) => iso, lineage: () => undefined });
    assert.equal('lineage' in plain, false);
    assert.equal(plain.thumbs[0].vary, undefined);
  });
});
