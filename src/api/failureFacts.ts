/**
 * What went wrong, as facts rather than sentences: which operation, what the server answered and
 * said, and the few values a sentence is made from. Facts are plain JSON, so a run's record can
 * keep them and make the words when it is shown, in the language of the day (failureWords.ts).
 * They never hold the API key: FluxReduxError scrubs every text in them before anyone sees them.
 */
import { assertNever } from '../shared/guards';
import type { BaseUrlProblem } from './endpoint';
import type { ApiOperation, FluxReduxErrorKind } from './errors';

/** What the HTTP layer knew, on every kind of failure that has it. */
interface AnswerFacts {
  operation?: ApiOperation;
  /** The HTTP status of the answer the failure came from. */
  status?: number;
  /** The server's own words (scrubbed and shortened), quoted after ours. */
  serverMessage?: string;
}

/** Why one download source gave no image. */
export type SourceProblem =
  | { kind: 'empty' }
  | { kind: 'cut-off' }
  | { kind: 'other-format'; format: string }
  | { kind: 'html' }
  | { kind: 'not-an-image' }
  | { kind: 'http'; status: number }
  | { kind: 'timeout' }
  | { kind: 'unreachable'; code?: string }
  | { kind: 'too-large' }
  | { kind: 'redirected'; location: string }
  /** Pointed (by its path, or `redirected` there) at a host or path under no asset base: not fetched. */
  | { kind: 'elsewhere'; host: string; redirected: boolean }
  /** An image header with more pixels than a result may have. */
  | { kind: 'too-many-pixels'; width: number; height: number };

/** One download source that was asked, without its query string (no presigned signature). */
export interface TriedSource {
  url: string;
  problem: SourceProblem;
}

type FactsOf<Detail> = AnswerFacts & Detail;

/** Keyed by `what` happened: each value has one sentence (or one per operation). */
export type FailureFacts =
  // The key
  | FactsOf<{ what: 'missing-key' }>
  | FactsOf<{ what: 'key-unusable' }>
  | FactsOf<{ what: 'key-refused'; status: number }>
  // Refusals and errors of the API, by HTTP status
  | FactsOf<{ what: 'no-credits' }>
  | FactsOf<{ what: 'refused'; operation: ApiOperation }>
  | FactsOf<{ what: 'upload-too-large' }>
  | FactsOf<{ what: 'rate-limited'; retryAfterSeconds?: number }>
  | FactsOf<{ what: 'all-withheld' }>
  | FactsOf<{ what: 'server-error'; operation: ApiOperation; status: number }>
  | FactsOf<{ what: 'unknown-asset'; status: number }>
  | FactsOf<{ what: 'api-not-found'; operation: ApiOperation }>
  | FactsOf<{ what: 'rejected'; operation: ApiOperation; status: number }>
  | FactsOf<{ what: 'unexpected-status'; operation: ApiOperation; status: number }>
  // The wire
  | FactsOf<{ what: 'unreachable'; operation: ApiOperation; host: string; code?: string }>
  | FactsOf<{ what: 'timeout'; operation: ApiOperation; seconds: number }>
  | FactsOf<{ what: 'cancelled'; operation: ApiOperation }>
  /** An asynchronous generation was polled until fluxRedux.requestTimeoutSeconds ran out. */
  | FactsOf<{ what: 'poll-timeout'; seconds: number }>
  | FactsOf<{ what: 'api-redirected'; host: string; location: string }>
  | FactsOf<{ what: 'answer-too-large'; host: string }>
  | FactsOf<{ what: 'bad-setting'; problem: BaseUrlProblem }>
  // Answers that could not be read
  | FactsOf<{ what: 'not-json'; status: number }>
  | FactsOf<{ what: 'upload-without-path' }>
  | FactsOf<{ what: 'answer-not-object' }>
  | FactsOf<{ what: 'no-ai-record' }>
  | FactsOf<{ what: 'generation-unfinished'; recordStatus: string }>
  | FactsOf<{ what: 'generation-failed'; recordStatus: string }>
  | FactsOf<{ what: 'error-code-instead' }>
  | FactsOf<{ what: 'no-images' }>
  /** A poll answered `{"aiRecord": null}` for a record the server had accepted. */
  | FactsOf<{ what: 'record-lost' }>
  // Downloads
  | FactsOf<{ what: 'nowhere-to-download'; resultPath: string }>
  | FactsOf<{ what: 'download-not-an-image'; name: string; tried: TriedSource[] }>
  | FactsOf<{ what: 'download-failed'; name: string; tried: TriedSource[] }>
  | FactsOf<{ what: 'download-elsewhere'; name: string; host: string; redirected: boolean }>
  | FactsOf<{ what: 'download-too-large'; name: string; maxMB: number }>
  | FactsOf<{ what: 'download-too-many-pixels'; name: string; width: number; height: number; maxMegapixels: number }>;

export type FailureWhat = FailureFacts['what'];

/** The kind of failure (what the host acts on: retry, charged, which button) each fact is. */
export function kindOfFacts(facts: FailureFacts): FluxReduxErrorKind {
  switch (facts.what) {
    case 'missing-key':
      return 'missing-key';
    case 'key-unusable':
    case 'key-refused':
      return 'unauthorized';
    case 'no-credits':
      return 'insufficient-credits';
    case 'refused':
      return 'forbidden';
    case 'upload-too-large':
      return 'payload-too-large';
    case 'rate-limited':
      return 'rate-limited';
    case 'all-withheld':
    case 'no-images':
      return 'no-results';
    case 'server-error':
      return 'server-error';
    case 'unknown-asset':
      return 'unknown-asset';
    case 'api-not-found':
    case 'rejected':
    case 'api-redirected':
    case 'bad-setting':
      return 'invalid-request';
    case 'unexpected-status':
    case 'answer-too-large':
    case 'not-json':
    case 'upload-without-path':
    case 'answer-not-object':
    case 'no-ai-record':
      return 'bad-response';
    case 'unreachable':
      return 'network';
    case 'timeout':
    case 'poll-timeout':
      return 'timeout';
    case 'cancelled':
      return 'cancelled';
    case 'generation-unfinished':
    case 'generation-failed':
    case 'error-code-instead':
      return 'not-success';
    case 'nowhere-to-download':
    case 'download-failed':
    case 'download-elsewhere':
      return 'download-failed';
    case 'download-not-an-image':
    case 'download-too-large':
    case 'download-too-many-pixels':
      return 'not-an-image';
    case 'record-lost':
      return 'record-lost';
    default:
      return assertNever(facts);
  }
}
