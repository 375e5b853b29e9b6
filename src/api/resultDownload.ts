/**
 * Fetching one result image: every source in turn (the presigned link, then the asset bases),
 * the ones that may recover tried again after a backoff, until one answers with a complete PNG,
 * JPEG or WebP image. Nothing here carries the API key: asset hosts never get it. When every
 * source failed, the error lists what each one did, in words for the user.
 */
import { t } from '../l10n';
import { assertNever } from '../shared/guards';
import { formatName, identifyOtherFormat, isCompleteImage, sniffImage, type ImageExtension, type ImageFormat } from '../shared/imageFormat';
import { type RetryTiming, backoffDelayMs, parseRetryAfterMs, pauseBeforeRetry } from './backoff';
import type { FluxReduxError } from './errors';
import { type ExchangeEnv, type RequestSpec, decodeText, sendRequest } from './exchange';
import { type FailureContext, cancelledFailure, makeFailure, transportErrorCode } from './failures';
import { baseOfCandidate, withoutQuery } from './resultUrls';

export interface DownloadedImage {
  bytes: Uint8Array;
  format: ImageFormat;
  width: number;
  height: number;
  extension: ImageExtension;
  /** Where it came from, without query string (a presigned signature is not kept anywhere). */
  sourceUrl: string;
}

export interface ResultSources {
  /** The server's path of the result, as in `resultObject`. */
  resultPath: string;
  /** Where to ask, best first (see resultUrls.ts). */
  candidates: readonly string[];
  /** The usable asset bases, to tell which of them served the image. */
  bases: readonly string[];
}

export interface ResultDownloadEnv {
  exchange: ExchangeEnv;
  retry: RetryTiming;
  transferTimeoutMs: number;
}

const MAX_IMAGE_BYTES = 200 * 1024 * 1024;
const IMAGE_ACCEPT = 'image/webp,image/png,image/jpeg;q=0.9,*/*;q=0.5';

/**
 * The first complete image any source gives, and the asset base it came from (undefined when it
 * came from the presigned link or an absolute URL). Throws a FluxReduxError when none gives one.
 */
export async function downloadResultImage(
  sources: ResultSources,
  env: ResultDownloadEnv,
  signal?: AbortSignal,
): Promise<{ image: DownloadedImage; base: string | undefined }> {
  const { resultPath, candidates, bases } = sources;
  const ctx: FailureContext = { operation: 'download', secrets: [] };
  if (candidates.length === 0) {
    throw makeFailure(
      'download-failed',
      t(
        'There is nowhere to download the result “{0}” from: the server gave no link for it and the setting fluxRedux.assetBaseUrls lists no usable base.',
        resultPath,
      ),
      ctx,
      { action: 'openSettings' },
    );
  }

  const problems = new Map<string, SourceProblem>();
  let pending: readonly string[] = candidates;
  for (let round = 0; ; round++) {
    const again: string[] = [];
    let retryAfterMs: number | undefined;
    for (const url of pending) {
      const request: RequestSpec = {
        method: 'GET',
        url,
        headers: { Accept: IMAGE_ACCEPT },
        timeoutMs: env.transferTimeoutMs,
        timeoutMode: 'idle',
        maxBodyBytes: MAX_IMAGE_BYTES,
        signal,
        ctx,
      };
      const outcome = await sendRequest(request, env.exchange);
      switch (outcome.kind) {
        case 'cancelled':
          throw cancelledFailure(ctx);
        case 'response': {
          if (outcome.status >= 200 && outcome.status < 300) {
            const image = isCompleteImage(outcome.body) ? sniffImage(outcome.body) : undefined;
            if (image) {
              return {
                image: {
                  bytes: outcome.body,
                  format: image.format,
                  width: image.width,
                  height: image.height,
                  extension: image.extension,
                  sourceUrl: withoutQuery(url),
                },
                base: baseOfCandidate(url, resultPath, bases),
              };
            }
            const why = describeNonImage(outcome.body, outcome.headers.get('content-type'));
            problems.set(url, why.problem);
            env.exchange.log.warn(`GET ${withoutQuery(url)}: ${nonImageForLog(why.problem)}; trying the next source`);
            if (why.mayBeTransient) {
              again.push(url);
            }
          } else if (outcome.status === 429 || outcome.status >= 500) {
            problems.set(url, { kind: 'http', status: outcome.status });
            again.push(url);
            const after = parseRetryAfterMs(outcome.headers.get('retry-after'), env.exchange.now());
            if (after !== undefined) {
              retryAfterMs = Math.max(retryAfterMs ?? 0, after);
            }
          } else {
            // A refusal (403 from a private bucket, 404) will not change: move on at once.
            problems.set(url, { kind: 'http', status: outcome.status });
          }
          break;
        }
        case 'timeout':
          problems.set(url, { kind: 'timeout' });
          again.push(url);
          break;
        case 'transport-error':
          problems.set(url, { kind: 'unreachable', code: transportErrorCode(outcome.error) });
          again.push(url);
          break;
        case 'too-large':
          problems.set(url, { kind: 'too-large' });
          break;
        case 'redirect-refused':
          problems.set(url, { kind: 'redirected', location: outcome.location });
          break;
        default:
          assertNever(outcome);
      }
    }
    if (again.length === 0 || round >= env.retry.policy.maxRetries) {
      break;
    }
    if (retryAfterMs !== undefined && retryAfterMs > env.retry.policy.maxRetryAfterMs) {
      break;
    }
    const delay = retryAfterMs ?? backoffDelayMs(round, env.retry.policy, env.retry.random);
    env.exchange.log.info(`Retrying ${again.length} download source(s) in ${delay} ms`);
    await pauseBeforeRetry(env.retry.sleep, delay, signal, ctx);
    pending = again;
  }
  throw downloadFailure(resultPath, problems, ctx);
}

/** What a download source sent instead of a complete PNG, JPEG or WebP image. */
type NonImage =
  | { kind: 'empty' }
  | { kind: 'cut-off' }
  | { kind: 'other-format'; format: string }
  | { kind: 'html' }
  | { kind: 'not-an-image' };

/** Why one download source gave no image: worded for the user only when every source failed. */
type SourceProblem =
  | NonImage
  | { kind: 'http'; status: number }
  | { kind: 'timeout' }
  | { kind: 'unreachable'; code: string | undefined }
  | { kind: 'too-large' }
  | { kind: 'redirected'; location: string };

function describeNonImage(bytes: Uint8Array, contentType: string | null): { problem: NonImage; mayBeTransient: boolean } {
  if (bytes.length === 0) {
    return { problem: { kind: 'empty' }, mayBeTransient: true };
  }
  if (sniffImage(bytes)) {
    return { problem: { kind: 'cut-off' }, mayBeTransient: true };
  }
  const other = identifyOtherFormat(bytes);
  if (other) {
    return { problem: { kind: 'other-format', format: formatName(other) }, mayBeTransient: false };
  }
  const head = decodeText(bytes.subarray(0, 512)).trimStart();
  if (/html/i.test(contentType ?? '') || /^<(!doctype|html|head|body)/i.test(head)) {
    return { problem: { kind: 'html' }, mayBeTransient: false };
  }
  return { problem: { kind: 'not-an-image' }, mayBeTransient: false };
}

/** The log stays in English, whatever the display language. */
function nonImageForLog(problem: NonImage): string {
  switch (problem.kind) {
    case 'empty':
      return 'empty answer';
    case 'cut-off':
      return 'image cut off before its end';
    case 'other-format':
      return `a ${problem.format} file, not PNG, JPEG or WebP`;
    case 'html':
      return 'an HTML page, not an image';
    case 'not-an-image':
      return 'not an image';
    default:
      return assertNever(problem);
  }
}

/** Bytes arrived but were no usable image (an empty answer may just be a hiccup, so it is not one). */
function isNonImage(problem: SourceProblem): boolean {
  switch (problem.kind) {
    case 'cut-off':
    case 'other-format':
    case 'html':
    case 'not-an-image':
      return true;
    case 'empty':
    case 'http':
    case 'timeout':
    case 'unreachable':
    case 'too-large':
    case 'redirected':
      return false;
    default:
      return assertNever(problem);
  }
}

/** Short words for one entry of the "Tried …" list in a download failure. */
function problemWords(problem: SourceProblem): string {
  switch (problem.kind) {
    case 'empty':
      return t('empty answer');
    case 'cut-off':
      return t('image cut off before its end');
    case 'other-format':
      return t({ message: 'a {0} file, not PNG, JPEG or WebP', args: [problem.format], comment: ['{0} is an image format such as GIF or TIFF'] });
    case 'html':
      return t('an HTML page, not an image');
    case 'not-an-image':
      return t('not an image');
    case 'http':
      return t({ message: 'HTTP {0}', args: [problem.status], comment: ['{0} is an HTTP status code such as 403'] });
    case 'timeout':
      return t('no answer in time');
    case 'unreachable':
      return problem.code === undefined
        ? t('unreachable (network error)')
        : t({ message: 'unreachable ({0})', args: [problem.code], comment: ['{0} is a system error code such as ECONNREFUSED'] });
    case 'too-large':
      return t('too large to be a result image');
    case 'redirected':
      return t('redirected to {0}', problem.location);
    default:
      return assertNever(problem);
  }
}

function triedList(problems: Map<string, SourceProblem>): string {
  const entries = [...problems].map(([url, problem]) =>
    t({
      message: '{0}: {1}',
      args: [withoutQuery(url), problemWords(problem)],
      comment: ['One download source that was tried: {0} is its URL, {1} why it gave no image, such as "HTTP 403"'],
    }),
  );
  return entries.join(t({ message: '; ', comment: ['Separates the download sources in the list after "Tried"'] }));
}

function downloadFailure(resultPath: string, problems: Map<string, SourceProblem>, ctx: FailureContext): FluxReduxError {
  const tried = triedList(problems);
  const name = resultPath.split('/').filter(Boolean).pop() ?? resultPath;
  if (problems.size > 0 && [...problems.values()].every(isNonImage)) {
    return makeFailure(
      'not-an-image',
      t('The result “{0}” could not be downloaded as a PNG, JPEG or WebP image. Tried {1}.', name, tried),
      ctx,
      { action: 'showLog' },
    );
  }
  return makeFailure(
    'download-failed',
    t(
      'The result “{0}” could not be downloaded. Tried {1}. Retry the download; if it keeps failing, check the setting fluxRedux.assetBaseUrls.',
      name,
      tried,
    ),
    ctx,
    { action: 'openSettings' },
  );
}
