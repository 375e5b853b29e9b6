import * as assert from 'node:assert/strict';
import { newOfferToken, RunOffers } from '../../src/gallery/runOffers';
import { toGalleryView, type ViewContext } from '../../src/gallery/viewModel';
import type { GenerationRecord } from '../../src/runs/record';
import { isOfferToken } from '../../src/shared/idShapes';
import { sampleRecord } from './sampleRecord';

function record(extra: Partial<GenerationRecord>): GenerationRecord {
  return sampleRecord({ options: { num_outputs: 1, num_inference_steps: 50 }, ...extra });
}

function contextWith(offers: RunOffers): ViewContext {
  return { fileSrc: (name) => `https://webview/${name}`, actionLabel: (id) => `label:${id}`, offer: (actions) => offers.present(actions) };
}

describe('run offers: Run Again and Reproduce need a one-time token', () => {
  it('issues random, well-formed tokens', () => {
    const tokens = new Set(Array.from({ length: 50 }, newOfferToken));
    assert.equal(tokens.size, 50);
    for (const token of tokens) {
      assert.ok(isOfferToken(token), token);
    }
  });

  it('offers both with a token each once the run has ended, however it ended', () => {
    for (const phase of ['done', 'failed', 'cancelled', 'interrupted'] as const) {
      const view = toGalleryView(record({ phase }), {}, contextWith(new RunOffers()));
      assert.deepEqual(view.offers?.map((o) => [o.action, o.label]), [['runAgain', 'label:runAgain'], ['retryRun', 'label:retryRun']], phase);
      assert.ok(view.offers?.every((o) => isOfferToken(o.token)));
      assert.notEqual(view.offers?.[0].token, view.offers?.[1].token);
      assert.match(view.offers?.[1].title ?? '', /same seed \(7\)/, 'Reproduce says so');
    }
  });

  it('offers nothing while the run is going', () => {
    for (const phase of ['queued', 'uploading', 'generating', 'downloading'] as const) {
      assert.deepEqual(toGalleryView(record({ phase }), {}, contextWith(new RunOffers())).offers, [], phase);
    }
  });

  it('keeps a paid action out of a failure’s plain buttons: it comes as an offer', () => {
    const failed = record({ phase: 'failed', failure: { kind: 'internal', facts: { what: 'internal' }, actions: ['retryRun', 'showLog'] } });
    const view = toGalleryView(failed, {}, contextWith(new RunOffers()));
    assert.ok(view.state.kind === 'failed');
    assert.deepEqual(view.state.actions.map((a) => a.id), ['showLog']);
    assert.deepEqual(view.offers?.map((o) => o.action), ['runAgain', 'retryRun']);
  });

  it('uses an offer up with its first request: the same token twice buys one run', () => {
    const offers = new RunOffers();
    const token = offers.present(['runAgain', 'retryRun']).get('runAgain')!;
    assert.deepEqual(offers.redeem('runAgain', token), { ok: true });
    assert.deepEqual(offers.redeem('runAgain', token), { ok: false, refusal: 'not-offered' });
    const next = offers.present(['runAgain', 'retryRun']).get('runAgain')!;
    assert.notEqual(next, token, 'the next view brings a new offer');
    assert.deepEqual(offers.redeem('runAgain', token), { ok: false, refusal: 'unknown-token' }, 'the used token stays used');
    assert.deepEqual(offers.redeem('runAgain', next), { ok: true });
  });

  it('keeps an open offer’s token across views, so a click racing an update still counts', () => {
    const offers = new RunOffers();
    const first = offers.present(['runAgain']).get('runAgain');
    assert.equal(offers.present(['runAgain']).get('runAgain'), first);
  });

  it('refuses an action that was not offered, or another action’s token, and changes nothing', () => {
    const offers = new RunOffers();
    assert.deepEqual(offers.redeem('runAgain', newOfferToken()), { ok: false, refusal: 'not-offered' }, 'nothing offered yet');
    const tokens = offers.present(['runAgain', 'retryRun']);
    assert.deepEqual(offers.redeem('retryRun', tokens.get('runAgain')!), { ok: false, refusal: 'unknown-token' });
    assert.deepEqual(offers.redeem('runAgain', 'made-up-token-1234567'), { ok: false, refusal: 'unknown-token' });
    assert.deepEqual(offers.redeem('runAgain', tokens.get('runAgain')!), { ok: true }, 'the real offer still stands');
  });

  it('withdraws offers the view no longer makes', () => {
    const offers = new RunOffers();
    const token = offers.present(['runAgain', 'retryRun']).get('retryRun')!;
    offers.present([]);
    assert.deepEqual(offers.redeem('retryRun', token), { ok: false, refusal: 'not-offered' });
  });

  it('makes no offers for a panel that gave no way to make them', () => {
    const view = toGalleryView(record({}), {}, { fileSrc: (name) => name, actionLabel: (id) => id });
    assert.equal('offers' in view, false);
  });
});
