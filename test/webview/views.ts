import type { GalleryView, ResultView, RunOfferView, RunStateView } from '../../src/shared/protocol';
import { GALLERY_STRING_DEFAULTS } from '../../src/shared/galleryStrings';

/** The English words, as the host would send them from galleryStrings(). */
export const STRINGS: Record<string, string> = { ...GALLERY_STRING_DEFAULTS };

const FILES: { file: string; format: ResultView['format']; bytes: number }[] = [
  { file: 'variation-1.webp', format: 'webp', bytes: 421_888 },
  { file: 'variation-2.jpg', format: 'jpeg', bytes: 1_288_490 },
  { file: 'variation-3.png', format: 'png', bytes: 3_016 },
  { file: 'variation-4.webp', format: 'webp', bytes: 398_131 },
];

export function readyResult(origin: string, index: number, extra: Partial<ResultView> = {}): ResultView {
  const file = FILES[(index - 1) % FILES.length];
  return {
    id: `res-${index}`,
    index,
    status: 'ready',
    src: `${origin}/fixtures/${file.file}`,
    width: 1344,
    height: 1008,
    format: file.format,
    bytes: file.bytes,
    ...extra,
  };
}

export function pendingResult(index: number): ResultView {
  return { id: `r${index}`, index, status: 'pending' };
}

export interface ViewOptions {
  sourceName?: string;
  requested?: number;
  results?: ResultView[];
  emulatorNotice?: string;
  credits?: GalleryView['credits'];
  runCost?: number;
  recordId?: string;
  offers?: RunOfferView[];
}

/** Run Again and Reproduce as the host offers them once a run has ended; `n` makes new tokens. */
export function runOffers(n = 1): RunOfferView[] {
  return [
    { action: 'runAgain', label: 'Run Again', title: 'A new run of the same source and settings with a new seed', token: `runAgainToken-${n}-abcdef` },
    { action: 'retryRun', label: 'Reproduce', title: 'A new run of the same source and settings with the same seed (42)', token: `reproduceToken-${n}-abcdef` },
  ];
}

export function makeView(origin: string, state: RunStateView, options: ViewOptions = {}): GalleryView {
  const requested = options.requested ?? 3;
  return {
    generationId: 'gen-20250101-001',
    sourceName: options.sourceName ?? 'harbour.png',
    sourceSrc: `${origin}/fixtures/harbour.png`,
    chips: [
      { label: 'Redux Dev', title: 'Model black-forest-labs/flux-redux-dev' },
      { label: '4:3', title: 'Aspect ratio 4:3' },
      { label: requested === 1 ? '1 output' : `${requested} outputs`, title: `${requested} requested` },
      { label: 'webp', title: 'Format webp' },
      { label: '1 MP', title: '1 megapixels' },
      { label: '28 steps', title: '28 inference steps' },
      { label: 'q80', title: 'Output quality 80' },
      { label: 'seed 42', title: 'Seed 42' },
    ],
    emulatorNotice: options.emulatorNotice,
    requested,
    state,
    results: options.results ?? Array.from({ length: requested }, (_, i) => pendingResult(i + 1)),
    credits: options.credits,
    runCost: options.runCost,
    recordId: options.recordId,
    ...(options.offers ? { offers: options.offers } : {}),
  };
}

/** One view per run state, the set the screenshots and the state tests walk through. */
export function stateViews(origin: string, now: number): Record<string, GalleryView> {
  const ready = (n: number) => Array.from({ length: n }, (_, i) => readyResult(origin, i + 1));
  return {
    queued: makeView(origin, { kind: 'queued', position: 2 }),
    uploading: makeView(origin, { kind: 'uploading', percent: 42 }),
    generating: makeView(origin, { kind: 'generating', startedAt: now - 75_000 }),
    downloading: makeView(origin, { kind: 'downloading', done: 1, total: 3 }, {
      results: [readyResult(origin, 1), pendingResult(2), pendingResult(3)],
    }),
    done: makeView(origin, { kind: 'done', withheld: 0 }, {
      requested: 4,
      results: [readyResult(origin, 1, { savedTo: 'images/variations/harbour-variation-1.webp' }), ...ready(4).slice(1)],
      credits: { used: 363_000, limit: 100_000_000 },
      runCost: 30_000,
      recordId: '065487c6-0aa4-4f1a-a42f-fce931fcca8b',
      offers: runOffers(),
    }),
    partial: makeView(origin, { kind: 'done', withheld: 1 }, {
      results: ready(2),
      credits: { used: 363_000, limit: 100_000_000 },
    }),
    failed: makeView(origin, {
      kind: 'failed',
      message: 'API Key has been deleted',
      actions: [
        { id: 'setApiKey', label: 'Set API Key…' },
        { id: 'showLog', label: 'Show Log' },
      ],
      mayBeCharged: false,
    }, { results: [], offers: runOffers() }),
    downloadFailed: makeView(origin, { kind: 'done', withheld: 0 }, {
      requested: 2,
      results: [readyResult(origin, 1), { id: 'res-2', index: 2, status: 'failed', error: 'Every download address refused the file (HTTP 403).' }],
    }),
    cancelled: makeView(origin, { kind: 'cancelled', mayBeCharged: true }, { results: [], offers: runOffers() }),
    interrupted: makeView(origin, { kind: 'interrupted', mayBeCharged: false }, { results: [] }),
    longName: makeView(origin, { kind: 'done', withheld: 0 }, {
      sourceName: 'IMG_20250614_harbour-at-dusk_final-final_v3 (edited for the spring catalogue).png',
      requested: 3,
      results: ready(3),
      credits: { used: 1_250_000, limit: 100_000_000 },
      recordId: '065487c6-0aa4-4f1a-a42f-fce931fcca8b',
    }),
    allSaved: makeView(origin, { kind: 'done', withheld: 0 }, {
      requested: 2,
      results: [
        readyResult(origin, 1, { savedTo: 'images/variations/harbour-variation-1.webp' }),
        readyResult(origin, 2, { savedTo: 'images/variations/harbour-variation-2-2.jpg' }),
      ],
      credits: { used: 385_500, limit: 100_000_000 },
    }),
    single: makeView(origin, { kind: 'done', withheld: 0 }, { requested: 1, results: ready(1) }),
    emulator: makeView(origin, { kind: 'done', withheld: 0 }, {
      requested: 2,
      results: ready(2),
      emulatorNotice: 'Local emulator: these images come from a stand-in, not from Flux Redux.',
    }),
  };
}
