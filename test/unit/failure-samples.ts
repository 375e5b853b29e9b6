/**
 * One example of every failure fact the API client can make, keyed by `what`: a fact added to
 * FailureFacts without a row here does not compile, so the tests that walk this list cover it.
 */
import type { FailureFacts, FailureWhat, SourceProblem, TriedSource } from '../../src/api/failureFacts';

const EVERY_SOURCE_PROBLEM: SourceProblem[] = [
  { kind: 'empty' },
  { kind: 'cut-off' },
  { kind: 'other-format', format: 'GIF' },
  { kind: 'html' },
  { kind: 'not-an-image' },
  { kind: 'http', status: 403 },
  { kind: 'timeout' },
  { kind: 'unreachable', code: 'ECONNREFUSED' },
  { kind: 'unreachable' },
  { kind: 'too-large' },
  { kind: 'redirected', location: 'https://elsewhere.example/x' },
  { kind: 'elsewhere', host: '169.254.169.254', redirected: false },
  { kind: 'elsewhere', host: 'elsewhere.example:8443', redirected: true },
  { kind: 'too-many-pixels', width: 8000, height: 6000 },
];

const TRIED: TriedSource[] = EVERY_SOURCE_PROBLEM.map((problem, i) => ({ url: `https://assets${i}.example/images/a.png`, problem }));

export const SAMPLE_FACTS: { [W in FailureWhat]: Extract<FailureFacts, { what: W }> } = {
  'missing-key': { what: 'missing-key', operation: 'upload' },
  'key-unusable': { what: 'key-unusable', operation: 'generate' },
  'key-refused': { what: 'key-refused', operation: 'upload', status: 401, serverMessage: 'API Key has been deleted' },
  'no-credits': { what: 'no-credits', operation: 'generate', status: 402 },
  refused: { what: 'refused', operation: 'download', status: 403, serverMessage: 'Forbidden resource' },
  'upload-too-large': { what: 'upload-too-large', operation: 'upload', status: 413 },
  'rate-limited': { what: 'rate-limited', operation: 'generate', status: 429, retryAfterSeconds: 30 },
  'all-withheld': { what: 'all-withheld', operation: 'generate', status: 500, serverMessage: 'NSFW content detected' },
  'server-error': { what: 'server-error', operation: 'generate', status: 502, serverMessage: '502 Bad Gateway' },
  'unknown-asset': { what: 'unknown-asset', operation: 'generate', status: 404, serverMessage: 'Asset not found: images/x.png' },
  'api-not-found': { what: 'api-not-found', operation: 'upload', status: 404 },
  rejected: { what: 'rejected', operation: 'generate', status: 400, serverMessage: 'UNSUPPORTED_MODEL' },
  'unexpected-status': { what: 'unexpected-status', operation: 'download', status: 302 },
  unreachable: { what: 'unreachable', operation: 'generate', host: 'https://api.example', code: 'ECONNRESET' },
  timeout: { what: 'timeout', operation: 'generate', seconds: 300 },
  cancelled: { what: 'cancelled', operation: 'upload' },
  'poll-timeout': { what: 'poll-timeout', operation: 'generate', seconds: 300 },
  'api-redirected': { what: 'api-redirected', operation: 'generate', host: 'https://api.example', location: 'https://elsewhere.example/' },
  'answer-too-large': { what: 'answer-too-large', operation: 'generate', host: 'https://api.example' },
  'bad-setting': { what: 'bad-setting', operation: 'upload', problem: { setting: 'fluxRedux.apiBaseUrl', issue: 'plain-http', host: 'api.example' } },
  'not-json': { what: 'not-json', operation: 'generate', status: 200, serverMessage: 'Gateway page' },
  'upload-without-path': { what: 'upload-without-path', operation: 'upload', status: 200 },
  'answer-not-object': { what: 'answer-not-object', operation: 'generate', status: 200 },
  'no-ai-record': { what: 'no-ai-record', operation: 'generate', status: 200, serverMessage: 'Something else happened' },
  'generation-unfinished': { what: 'generation-unfinished', operation: 'generate', status: 200, recordStatus: 'PROCESSING' },
  'generation-failed': { what: 'generation-failed', operation: 'generate', status: 200, recordStatus: 'FAILED' },
  'error-code-instead': { what: 'error-code-instead', operation: 'generate', status: 200, serverMessage: 'MODEL_OVERLOADED' },
  'no-images': { what: 'no-images', operation: 'generate', status: 200 },
  'record-lost': { what: 'record-lost', operation: 'generate' },
  'nowhere-to-download': { what: 'nowhere-to-download', operation: 'download', resultPath: 'images/a.undefined' },
  'download-not-an-image': { what: 'download-not-an-image', operation: 'download', name: 'a.undefined', tried: TRIED.slice(1, 5) },
  'download-failed': { what: 'download-failed', operation: 'download', name: 'a.undefined', tried: TRIED },
  'download-elsewhere': { what: 'download-elsewhere', operation: 'download', name: 'meta-data', host: '169.254.169.254', redirected: false },
  'download-too-large': { what: 'download-too-large', operation: 'download', name: 'a.undefined', maxMB: 50 },
  'download-too-many-pixels': { what: 'download-too-many-pixels', operation: 'download', name: 'a.undefined', width: 8000, height: 6000, maxMegapixels: 40 },
};

export const ALL_SAMPLE_FACTS: FailureFacts[] = Object.values(SAMPLE_FACTS);
