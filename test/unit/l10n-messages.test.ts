/**
 * Every text the plain modules make for users goes through `l10n.t` (@vscode/l10n). A marking
 * bundle is installed (see l10n-helpers.ts): text that went through it is wrapped in «…», so a
 * sentence added later without `l10n.t` shows up here unwrapped, and so does a sentence filled in
 * before `l10n.t` saw it (no bundle holds it: the unusual values below, file name, host and
 * seed, make every such sentence new). Values the API defines (aspect ratios, format ids) and
 * product names are shown as they are, and are listed here by name.
 */
import * as assert from 'node:assert/strict';
import * as fs from 'node:fs/promises';
import * as os from 'node:os';
import * as path from 'node:path';
import { OneMinClient, type ClientDeps } from '../../src/api/client';
import { checkBaseUrl } from '../../src/api/endpoint';
import { describeFailureFacts } from '../../src/api/failureWords';
import { FluxReduxError, type ApiOperation } from '../../src/api/errors';
import {
  cancelledFailure,
  failureFromHttpStatus,
  networkFailure,
  timeoutFailure,
  type FailureContext,
} from '../../src/api/failures';
import * as imagingMessages from '../../src/imaging/messages';
import type { SourceFormat } from '../../src/imaging/transcodeProtocol';
import {
  firstStepEntries,
  formatEntries,
  isSeparator,
  megapixelsEntries,
  outputsEntries,
  qualityEntries,
  safetyEntries,
  seedEntries,
  stepsEntries,
  wholeNumberProblem,
  type PickListEntry,
} from '../../src/options/pickItems';
import { MODEL_INFO, OPTION_FIELDS, SEED_RANGE, fieldDescription, safetyOffWarning } from '../../src/options/parameters';
import { optionChips, summarizeOptions, type OptionChoices } from '../../src/options/summary';
import { ASPECT_RATIOS, FORMATS, MODELS } from '../../src/options/types';
import { fieldProblem, validateScriptOptions } from '../../src/options/validate';
import { parseGenerationResponse, parseUploadResponse } from '../../src/api/responses';
import { GenerationRun } from '../../src/runs/generationRun';
import { describeRunFailure } from '../../src/runs/failureText';
import { describeFailure } from '../../src/runs/runFailure';
import type { GenerationRecord } from '../../src/runs/record';
import { GenerationStore } from '../../src/runs/store';
import { expectFluxReduxError, pngBytes, requestUrl } from './api-helpers';
import { isMarked, useMarkingBundle } from './l10n-helpers';
import { nodeStoreFileSystem } from './support/nodeStoreFs';

const FILE = 'Zq7-harbour.png';
const HOST = 'h0st.example';
const SEED = 3141592653;
const CURRENT_SEED = 2718281828;

const API_ORIGIN = 'http://127.0.0.1:1';

const OPERATIONS: readonly ApiOperation[] = ['upload', 'generate', 'download'];

function assertMarked(texts: readonly (string | undefined)[], where: string): void {
  for (const text of texts) {
    if (text !== undefined) {
      assert.ok(isMarked(text), `${where}: not through t: ${JSON.stringify(text)}`);
    }
  }
}

describe('l10n: user-visible texts of the plain modules go through t', () => {
  useMarkingBundle();

  describe('API failures', () => {
    const statuses = [
      { status: 401, body: '' },
      { status: 402, body: '' },
      { status: 403, body: '{"message":"Forbidden resource"}' },
      { status: 413, body: '' },
      { status: 429, body: '', retryAfterMs: 123_000 },
      { status: 429, body: '' },
      { status: 500, body: '{"message":"NSFW content detected"}' },
      { status: 502, body: '' },
      { status: 404, body: '{"message":"Asset not found"}' },
      { status: 404, body: '' },
      { status: 400, body: '' },
      { status: 302, body: '' },
    ];

    it('words for every HTTP status, for every operation', () => {
      for (const operation of OPERATIONS) {
        const ctx: FailureContext = { operation, secrets: [] };
        for (const { status, body, retryAfterMs } of statuses) {
          const error = failureFromHttpStatus(status, body, undefined, ctx, retryAfterMs);
          assertMarked([error.message], `${operation} HTTP ${status}`);
        }
      }
    });

    it('network, time-out and cancellation words, for every operation', () => {
      const refused = new TypeError('fetch failed', { cause: Object.assign(new Error('connect'), { code: 'ECONNREFUSED' }) });
      for (const operation of OPERATIONS) {
        const ctx: FailureContext = { operation, secrets: [] };
        assertMarked(
          [
            networkFailure(refused, HOST, ctx).message,
            networkFailure(new Error('no code'), HOST, ctx).message,
            timeoutFailure(123, ctx).message,
            cancelledFailure(ctx).message,
          ],
          operation,
        );
      }
    });

    it('the server’s own words are quoted inside a translated sentence', () => {
      const error = new FluxReduxError({ facts: { what: 'server-error', operation: 'download', status: 502, serverMessage: `${HOST} is down` } });
      assertMarked([error.message], 'server words');
      assert.match(error.message, /h0st\.example is down/);
      const said = failureFromHttpStatus(401, '{"message":"API Key has been deleted"}', undefined, { operation: 'upload', secrets: [] });
      assert.match(said.message, /^««1min\.ai refused the API key \(HTTP 401\)\..*» The server said: “API Key has been deleted”»$/);
    });
  });

  describe('imaging refusals', () => {
    const formats: SourceFormat[] = ['png', 'jpeg', 'webp', 'gif', 'bmp', 'tiff', 'heic', 'avif'];
    // One row per export: a new message without a row here fails the last test.
    const calls: Record<keyof typeof imagingMessages, () => string[]> = {
      emptyFile: () => [imagingMessages.emptyFile(FILE)],
      notAnImage: () => [imagingMessages.notAnImage(FILE)],
      cutOff: () => formats.map((format) => imagingMessages.cutOff(FILE, format)),
      unsupportedFormat: () => [imagingMessages.unsupportedFormat(FILE, 'svg'), imagingMessages.unsupportedFormat(FILE, 'heic')],
      undecodable: () => formats.map((format) => imagingMessages.undecodable(FILE, format, 'vips says no')),
      tooLarge: () => [
        imagingMessages.tooLarge(FILE, 1.5 * 2 ** 20, 50 * 2 ** 20, true),
        imagingMessages.tooLarge(FILE, 1.5 * 2 ** 20, 50 * 2 ** 20, false),
      ],
      preparationFailed: () => [imagingMessages.preparationFailed(FILE, 'vips says no')],
    };

    for (const [name, make] of Object.entries(calls)) {
      it(`${name} is translated and names the file`, () => {
        const texts = make();
        assertMarked(texts, name);
        for (const text of texts) {
          assert.ok(text.includes(FILE), `${name} does not name the file: ${text}`);
          assert.doesNotMatch(text, /\{\d+\}/, `${name} left a placeholder`);
        }
      });
    }

    it('every message the module exports has a row above', () => {
      const exported = Object.keys(imagingMessages).filter(
        (key) => typeof (imagingMessages as Record<string, unknown>)[key] === 'function',
      );
      assert.deepEqual(exported.sort(), Object.keys(calls).sort());
      // A call, so that this test too shows a template went through the localiser.
      assertMarked([imagingMessages.emptyFile(FILE)], 'emptyFile');
    });
  });

  describe('quick pick entries', () => {
    const choices: OptionChoices = {
      aspect_ratio: '4:3',
      num_outputs: 2,
      format: 'webp',
      megapixels: '1',
      num_inference_steps: 37,
      output_quality: 77,
      seed: CURRENT_SEED,
      disable_safety_checker: true,
    };
    /** Labels that are the API's own values, which keyboard users type as they are. */
    const apiValues = new Set<string>([...ASPECT_RATIOS, ...FORMATS]);

    /** `composed`: texts built from translated pieces, checked on their own below (the summary). */
    function check<T>(entries: readonly PickListEntry<T>[], where: string, composed: readonly string[] = []): void {
      for (const entry of entries) {
        if (isSeparator(entry)) {
          assertMarked([entry.separator], `${where} separator`);
          continue;
        }
        if (!apiValues.has(entry.label)) {
          assertMarked([entry.label], `${where} label`);
        }
        const texts = [entry.description, entry.detail].filter((text) => !composed.includes(text ?? ''));
        assertMarked(texts, `${where} ${entry.label}`);
      }
    }

    it('every step’s labels, descriptions and details', () => {
      check(firstStepEntries(choices, { name: FILE, width: 3000, height: 2000 }), 'first step', [summarizeOptions(choices)]);
      check(outputsEntries(choices), 'outputs');
      check(formatEntries(choices), 'format');
      check(megapixelsEntries(choices), 'megapixels');
      for (const model of MODELS) {
        check(stepsEntries(choices, model), `steps ${model}`);
      }
      check(qualityEntries(choices), 'quality');
      check(seedEntries(choices, SEED), 'seed');
      check(seedEntries({ ...choices, seed: 'random' }), 'random seed');
      check(safetyEntries(choices), 'safety');
    });

    it('the step questions, the warning and the custom-value message', () => {
      assertMarked(OPTION_FIELDS.map(fieldDescription), 'field descriptions');
      assertMarked([safetyOffWarning(), wholeNumberProblem('x', SEED_RANGE)], 'texts');
    });
  });

  describe('chips and summaries', () => {
    const options: OptionChoices = {
      aspect_ratio: '16:9',
      num_outputs: 1,
      format: 'jpg',
      megapixels: '0.25',
      num_inference_steps: 1,
      output_quality: 90,
      seed: SEED,
      disable_safety_checker: true,
    };

    it('every chip title, and every label but the API’s values and the model’s name', () => {
      for (const model of MODELS) {
        for (const o of [options, { ...options, num_outputs: 3, num_inference_steps: 28 }]) {
          const chips = optionChips(o, model);
          assertMarked(chips.map((chip) => chip.title), 'chip titles');
          const shownAsIs = new Set([o.aspect_ratio, o.format, MODEL_INFO[model].label]);
          assertMarked(chips.map((chip) => chip.label).filter((label) => !shownAsIs.has(label)), 'chip labels');
        }
      }
    });

    it('the summary is the chips’ labels with a translated separator', () => {
      const labels = optionChips(options).map((chip) => chip.label);
      assert.equal(summarizeOptions(options), labels.join('« · »'));
    });
  });

  describe('validation messages', () => {
    it('a problem with every field, and with the options as a whole', () => {
      const bad: Record<string, unknown> = {
        format: 'gif',
        aspect_ratio: ['wide'],
        num_outputs: 9,
        num_inference_steps: 'many',
        seed: -1,
        output_quality: { high: true },
        disable_safety_checker: 'yes',
        megapixels: 1,
      };
      for (const field of OPTION_FIELDS) {
        assertMarked([fieldProblem(field, bad[field])], field);
      }
      assertMarked([fieldProblem('megapixels', '2')], 'megapixels string');
      const whole = validateScriptOptions('not an object');
      assert.equal(whole.ok, false);
      assertMarked([whole.ok ? undefined : whole.message], 'not an object');
      for (const unknown of [{ prompt: 'x' }, { prompt: 'x', strength: 1 }]) {
        const result = validateScriptOptions(unknown);
        assert.equal(result.ok, false);
        assertMarked([result.ok ? undefined : result.message], 'unknown options');
      }
    });
  });
  describe('API client', () => {
    const API = `https://${HOST}`;
    const RESULT_PATH = `images/${FILE}`;

    /** A client on a stand-in fetch: nothing leaves the process. Retries are off, so each source is asked once. */
    function client(fetch: (url: string, init: RequestInit) => Promise<Response>, overrides: Partial<ClientDeps> = {}): OneMinClient {
      return new OneMinClient({
        fetch: (input: string | URL | Request, init?: RequestInit) => fetch(requestUrl(input), init ?? {}),
        getApiKey: async () => 'k3y-for-tests',
        apiBaseUrl: API,
        assetBaseUrls: [],
        requestTimeoutMs: 10_000,
        transferTimeoutMs: 10_000,
        sleep: async () => undefined,
        backoff: { maxRetries: 0 },
        ...overrides,
      });
    }


    /** The words are translated; the server's own text, when quoted, sits inside a translated sentence. */
    function assertWordsMarked(error: FluxReduxError, where: string): void {
      if (error.serverMessage === undefined) {
        assertMarked([error.message], where);
      } else {
        assert.match(error.message, /^««[\s\S]*» The server said: “[\s\S]*”»$/, `${where}: ${error.message}`);
      }
    }

    const generate = (c: OneMinClient) =>
      c.generateVariations({
        model: MODELS[0],
        imageUrl: RESULT_PATH,
        options: {
          format: 'webp',
          aspect_ratio: '1:1',
          num_outputs: 1,
          num_inference_steps: 4,
          seed: SEED,
          output_quality: 80,
          disable_safety_checker: false,
          megapixels: '1',
        },
      });
    const never = async (): Promise<Response> => assert.fail('nothing should be sent');

    it('a missing key and a key with characters no key can have', async () => {
      for (const key of ['', 'two words']) {
        const error = await expectFluxReduxError(client(never, { getApiKey: async () => key }).uploadAsset({ bytes: pngBytes(2, 2), fileName: FILE, mimeType: 'image/png' }));
        assertWordsMarked(error, JSON.stringify(key));
        assert.equal(error.action, 'setApiKey');
      }
    });

    it('an API base setting that is no usable URL', async () => {
      for (const base of ['not a url', 'https://user:pw@h0st.example', `http://${HOST}`, 'ftp://h0st.example']) {
        const error = await expectFluxReduxError(generate(client(never, { apiBaseUrl: base })));
        assertWordsMarked(error, base);
        assert.match(error.message, /fluxRedux\.apiBaseUrl/);
      }
    });

    it('a redirect away from the API, and an answer larger than any API answer can be', async () => {
      const redirected = await expectFluxReduxError(
        generate(client(async () => new Response(null, { status: 307, headers: { location: 'https://elsewhere.example/api' } }))),
      );
      assertWordsMarked(redirected, 'redirect');
      assert.ok(redirected.message.includes(HOST) && redirected.message.includes('elsewhere.example'), redirected.message);
      const huge = await expectFluxReduxError(generate(client(async () => new Response('{}', { headers: { 'content-length': String(2 ** 30) } }))));
      assertWordsMarked(huge, 'too large');
      assert.equal(huge.kind, 'bad-response');
    });

    it('answers that are not JSON, or JSON that says nothing usable', async () => {
      const notJson = await expectFluxReduxError(generate(client(async () => new Response('<html><title>Gateway</title></html>', { headers: { 'content-type': 'text/html' } }))));
      assertWordsMarked(notJson, 'not JSON');
      const noPath = await expectFluxReduxError(
        client(async () => Response.json({})).uploadAsset({ bytes: pngBytes(2, 2), fileName: FILE, mimeType: 'image/png' }),
      );
      assertWordsMarked(noPath, 'upload without a path');
    });

    it('there is nowhere to download a result from', async () => {
      const error = await expectFluxReduxError(client(never).downloadResult(RESULT_PATH, undefined));
      assertWordsMarked(error, 'nowhere');
      assert.ok(error.message.includes(RESULT_PATH));
    });

    it('every download source failed: the sentence, each source and each reason are translated', async () => {
      const png = pngBytes(8, 8);
      const gif = new TextEncoder().encode('GIF89a and the rest of a GIF');
      const answers: Record<string, (init: RequestInit) => Promise<Response>> = {
        refused: async () => new Response('no', { status: 403 }),
        empty: async () => new Response(new Uint8Array(0)),
        cut: async () => new Response(png.subarray(0, png.length - 12)),
        gif: async () => new Response(gif),
        page: async () => new Response('<!doctype html><p>Sign in</p>', { headers: { 'content-type': 'text/html' } }),
        text: async () => new Response('just some text'),
        huge: async () => new Response('x', { headers: { 'content-length': String(2 ** 30) } }),
        down: async () => {
          throw new TypeError('fetch failed', { cause: Object.assign(new Error('connect'), { code: 'ECONNREFUSED' }) });
        },
        silent: (init) =>
          new Promise((_, reject) => init.signal?.addEventListener('abort', () => reject(new Error('aborted')), { once: true })),
      };
      const bases = Object.keys(answers).map((name) => `https://${name}.${HOST}`);
      const c = client(async (url, init) => answers[new URL(url).hostname.split('.')[0]](init), { assetBaseUrls: bases, transferTimeoutMs: 50 });
      const error = await expectFluxReduxError(c.downloadResult(RESULT_PATH, undefined));
      assertWordsMarked(error, 'download failed');
      assert.equal(error.kind, 'download-failed');
      const reasons = {
        refused: '«HTTP 403»',
        empty: '«empty answer»',
        cut: '«image cut off before its end»',
        gif: '«a GIF file, not PNG, JPEG or WebP»',
        page: '«an HTML page, not an image»',
        text: '«not an image»',
        huge: '«too large to be a result image»',
        down: '«unreachable (ECONNREFUSED)»',
        silent: '«no answer in time»',
      };
      for (const [name, reason] of Object.entries(reasons)) {
        assert.ok(error.message.includes(`«https://${name}.${HOST}/images/${FILE}: ${reason}»`), `${name}: ${error.message}`);
      }
      assert.equal(error.message.split('«; »').length, bases.length);
    });

    it('only non-images came back: the sentence says so', async () => {
      const c = client(async () => new Response('<html>no</html>', { headers: { 'content-type': 'text/html' } }), {
        assetBaseUrls: [`https://a.${HOST}`],
      });
      const error = await expectFluxReduxError(c.downloadResult(RESULT_PATH, undefined));
      assert.equal(error.kind, 'not-an-image');
      assertWordsMarked(error, 'not an image');
    });
  });

  describe('API answers and settings', () => {
    it('every way an answer can fail to be read', () => {
      const upload = parseUploadResponse({ asset: {} });
      const answers: unknown[] = [
        'not an object',
        { message: 'nothing here' },
        { errorCode: 'INSUFFICIENT_CREDITS' },
        { aiRecord: { status: 'PROCESSING', aiRecordDetail: { resultObject: [] } } },
        { aiRecord: { status: 'FAILED', aiRecordDetail: { resultObject: [] } } },
        { aiRecord: { status: 'SUCCESS', aiRecordDetail: { resultObject: ['SOME_ERROR'] } } },
        { aiRecord: { status: 'SUCCESS', aiRecordDetail: { resultObject: [] } } },
      ];
      const words = answers.map((json) => {
        const parsed = parseGenerationResponse(json);
        assert.equal(parsed.ok, false, JSON.stringify(json));
        return parsed.ok ? undefined : describeFailureFacts(parsed.facts);
      });
      assert.equal(upload.ok, false);
      assertMarked([upload.ok ? undefined : describeFailureFacts(upload.facts), ...words], 'answers');
      assert.equal(new Set(words).size, answers.length, 'each failure has its own words');
    });

    it('why a base URL setting cannot be used, naming the setting', () => {
      for (const raw of ['not a url', 'https://user:pw@h0st.example', 'http://h0st.example', 'ftp://h0st.example']) {
        const checked = checkBaseUrl(raw, 'fluxRedux.assetBaseUrls');
        assert.ok(!checked.ok, raw);
        assertMarked([checked.reason], raw);
        assert.match(checked.reason, /fluxRedux\.assetBaseUrls/);
      }
    });
  });

  describe('a run whose results could not be downloaded', () => {
    let root: string;
    beforeEach(async () => {
      root = await fs.mkdtemp(path.join(os.tmpdir(), 'flux-l10n-'));
    });
    afterEach(() => fs.rm(root, { recursive: true, force: true }));

    it('says so in a translated sentence around the download’s own words', async () => {
      const id = '20261124T100000-l10n00';
      const store = new GenerationStore(nodeStoreFileSystem(root));
      await store.createFolder(id);
      const record: GenerationRecord = {
        version: 2, id, createdAt: '', updatedAt: '',
        source: { uri: `file:///w/${FILE}`, name: FILE, storedFile: 'source.png', format: 'png', width: 4, height: 3, bytes: 10 },
        model: MODELS[0],
        options: { format: 'png', aspect_ratio: '1:1', num_outputs: 1, num_inference_steps: 28, seed: SEED, output_quality: 80, disable_safety_checker: false, megapixels: '1' },
        apiOrigin: API_ORIGIN, phase: 'queued', results: [],
      };
      const run = new GenerationRun(
        record,
        { bytes: new Uint8Array([1]), fileName: FILE, mimeType: 'image/png' },
        {
          client: {
            uploadAsset: async () => ({ path: 'images/source.png' }),
            generateVariations: async () => ({ resultPaths: ['images/a.undefined'] }),
            downloadResult: async () => {
              throw new FluxReduxError({ facts: { what: 'unreachable', operation: 'download', host: HOST, code: 'ECONNREFUSED' } });
            },
          },
          store,
          now: () => 1000,
          log: () => undefined,
          onChange: () => undefined,
        },
        describeFailure,
      );
      await run.execute(new AbortController().signal);
      assert.equal(record.phase, 'failed');
      // The record keeps facts; the sentence is made when the failure is shown.
      const shown = describeRunFailure(record.failure);
      assertMarked([shown], 'run failure');
      assert.ok(shown.includes(HOST), shown);
      assert.ok(shown.includes('ECONNREFUSED'), shown);
    });
  });
});
