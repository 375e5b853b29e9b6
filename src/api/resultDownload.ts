/**
 * Fetching one result image: every source in turn (the presigned link, then the asset bases),
 * the ones that may recover tried again after a backoff, until one answers with a complete PNG,
 * JPEG or WebP image of a size that fits a result. Nothing here carries the API key: asset hosts
 * never get it. A source or redirect outside the asset bases is never fetched, whatever the
 * server said. When every source failed, the error says why (its words are made in failureWords.ts).
 */
import { assertNever } from '../shared/guards';
import { formatName, identifyOtherFormat, isCompleteImage, sniffImage, type ImageExtension, type ImageFormat } from '../shared/imageFormat';
import { type RetryTiming, backoffDelayMs, parseRetryAfterMs, pauseBeforeRetry } from './backoff';
import type { FluxReduxError } from './errors';
import type { SourceProblem } from './failureFacts';
import { type ExchangeEnv, type RequestSpec, decodeText, sendRequest } from './exchange';
import { type FailureContext, cancelledFailure, makeFailure, transportErrorCode } from './failures';
import { baseHostingUrl, baseOfCandidate, hostOf, withoutQuery } from './resultUrls';

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

/** Limits that fit any result image (the largest outputs are a few megapixels and a few MB). */
export const MAX_RESULT_MB = 50;
export const MAX_RESULT_MEGAPIXELS = 40;
const MAX_IMAGE_BYTES = MAX_RESULT_MB * 1024 * 1024;
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
    throw makeFailure({ what: 'nowhere-to-download', resultPath }, ctx, { action: 'openSettings' });
  }

  const problems = new Map<string, SourceProblem>();
  let pending: readonly string[] = candidates;
  for (let round = 0; ; round++) {
    const again: string[] = [];
    let retryAfterMs: number | undefined;
    for (const url of pending) {
      if (baseHostingUrl(url, bases) === undefined) {
        problems.set(url, { kind: 'elsewhere', host: hostOf(url), redirected: false });
        env.exchange.log.warn(`Not downloading ${withoutQuery(url)}: it is under no asset base (fluxRedux.assetBaseUrls)`);
        continue;
      }
      const request: RequestSpec = {
        method: 'GET',
        url,
        headers: { Accept: IMAGE_ACCEPT },
        timeoutMs: env.transferTimeoutMs,
        timeoutMode: 'idle',
        maxBodyBytes: MAX_IMAGE_BYTES,
        mayFollow: (target) => baseHostingUrl(target, bases) !== undefined,
        signal,
        ctx,
      };
      const outcome = await sendRequest(request, env.exchange);
      switch (outcome.kind) {
        case 'cancelled':
          throw cancelledFailure(ctx);
        case 'response': {
          if (outcome.status >= 200 && outcome.status < 300) {
            const header = sniffImage(outcome.body);
            if (header && header.width * header.height > MAX_RESULT_MEGAPIXELS * 1_000_000) {
              problems.set(url, { kind: 'too-many-pixels', width: header.width, height: header.height });
              env.exchange.log.warn(`GET ${withoutQuery(url)}: ${header.width} x ${header.height} pixels, more than a result may have`);
              break;
            }
            const image = isCompleteImage(outcome.body) ? header : undefined;
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
        case 'transport-error': {
          const code = transportErrorCode(outcome.error);
          problems.set(url, code !== undefined ? { kind: 'unreachable', code } : { kind: 'unreachable' });
          again.push(url);
          break;
        }
        case 'too-large':
          problems.set(url, { kind: 'too-large' });
          break;
        case 'redirect-refused':
          problems.set(
            url,
            outcome.target !== undefined
              ? { kind: 'elsewhere', host: hostOf(outcome.target), redirected: true }
              : { kind: 'redirected', location: outcome.location },
          );
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
type NonImage = Extract<SourceProblem, { kind: 'empty' | 'cut-off' | 'other-format' | 'html' | 'not-an-image' }>;

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
    case 'elsewhere':
    case 'too-many-pixels':
      return false;
    default:
      return assertNever(problem);
  }
}

function isOversized(problem: SourceProblem): boolean {
  return problem.kind === 'too-large' || problem.kind === 'too-many-pixels';
}

function downloadFailure(resultPath: string, problems: Map<string, SourceProblem>, ctx: FailureContext): FluxReduxError {
  const tried = [...problems].map(([url, problem]) => ({ url: withoutQuery(url), problem }));
  const name = resultPath.split('/').filter(Boolean).pop() ?? resultPath;
  const all = [...problems.values()];
  // Where the server pointed matters most: the user may have to see to the setting.
  const elsewhere = all.find((problem) => problem.kind === 'elsewhere');
  if (elsewhere) {
    return makeFailure({ what: 'download-elsewhere', name, host: elsewhere.host, redirected: elsewhere.redirected }, ctx, { action: 'openSettings' });
  }
  // A size over the limits is the result's own when every source that sent bytes sent such a one.
  const sentBytes = all.filter((problem) => isNonImage(problem) || isOversized(problem) || problem.kind === 'empty');
  if (sentBytes.length > 0 && sentBytes.every(isOversized)) {
    const pixels = sentBytes.find((problem) => problem.kind === 'too-many-pixels');
    return pixels
      ? makeFailure(
          { what: 'download-too-many-pixels', name, width: pixels.width, height: pixels.height, maxMegapixels: MAX_RESULT_MEGAPIXELS },
          ctx,
          { action: 'showLog' },
        )
      : makeFailure({ what: 'download-too-large', name, maxMB: MAX_RESULT_MB }, ctx, { action: 'showLog' });
  }
  if (problems.size > 0 && all.every(isNonImage)) {
    return makeFailure({ what: 'download-not-an-image', name, tried }, ctx, { action: 'showLog' });
  }
  return makeFailure({ what: 'download-failed', name, tried }, ctx, { action: 'openSettings' });
}
