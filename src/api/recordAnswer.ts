/**
 * What an answer about an AI record says for the asynchronous mode: still being made, failed (in
 * the server's own words), lost (`{"aiRecord": null}`), or finished, which responses.ts then
 * reads as it reads every synchronous answer. And whether a 400/422 refused the `async` flag.
 */
import { isRecord } from '../shared/guards';
import { tryParseJson } from '../shared/json';
import { type FailureContext, makeFailure, recordFailedFailure } from './failures';
import { type GenerationResult, parseGenerationResponse } from './responses';

export type RecordAnswer =
  | { kind: 'processing'; recordId: string; status: string }
  | { kind: 'failed'; recordId?: string; status: string; errorMessage?: string }
  | { kind: 'lost' }
  /** Finished, or a shape to read as the synchronous answer is read (responses.ts). */
  | { kind: 'final' };

const PENDING = /^(PROCESSING|PENDING|QUEUED|RUNNING|IN_PROGRESS|STARTING)$/i;
const FAILED = /^(FAILED|FAILURE|ERROR|CANCELLED|CANCELED)$/i;

export function classifyRecordAnswer(json: unknown): RecordAnswer {
  if (!isRecord(json)) {
    return { kind: 'final' };
  }
  if ('aiRecord' in json && json.aiRecord === null) {
    return { kind: 'lost' };
  }
  const aiRecord = isRecord(json.aiRecord) ? json.aiRecord : isRecord(json.data) && isRecord(json.data.aiRecord) ? json.data.aiRecord : undefined;
  if (!aiRecord) {
    return { kind: 'final' };
  }
  const status = text(aiRecord.status);
  const recordId = text(aiRecord.uuid) ?? text(aiRecord.id);
  if (status !== undefined && PENDING.test(status) && recordId !== undefined) {
    return { kind: 'processing', recordId, status };
  }
  if (status !== undefined && FAILED.test(status)) {
    const detail = isRecord(aiRecord.aiRecordDetail) ? aiRecord.aiRecordDetail : {};
    const errorMessage = text(detail.errorMessage) ?? text(aiRecord.errorMessage);
    return { kind: 'failed', status, ...(recordId !== undefined ? { recordId } : {}), ...(errorMessage !== undefined ? { errorMessage } : {}) };
  }
  return { kind: 'final' };
}

/** A final answer (of the features call or of a poll) read into results, or the failure it describes. */
export function readFinalAnswer(json: unknown, status: number, ctx: FailureContext): GenerationResult {
  const answer = classifyRecordAnswer(json);
  if (answer.kind === 'failed' && answer.errorMessage !== undefined) {
    throw recordFailedFailure(answer.status, answer.errorMessage, { ...ctx, recordId: answer.recordId ?? ctx.recordId });
  }
  const parsed = parseGenerationResponse(json);
  if (!parsed.ok) {
    throw makeFailure({ ...parsed.facts, status }, { ...ctx, recordId: parsed.recordId ?? ctx.recordId }, {
      action: parsed.facts.what === 'no-credits' ? undefined : 'showLog',
    });
  }
  return parsed.result;
}

/**
 * A 400 or 422 whose error text names `async`: the server refused the flag, so it did not run the
 * generation and the call can be sent once more without it. Only the error fields are read (a
 * body that echoes the request would name `async` anyway); `message` may be an array of strings.
 */
export function isAsyncRefusal(status: number, bodyText: string): boolean {
  if (status !== 400 && status !== 422) {
    return false;
  }
  const json = tryParseJson(bodyText.trim());
  const texts = isRecord(json)
    ? ['message', 'error', 'detail', 'details', 'errors', 'errorCode'].flatMap((key) => textsOf(json[key], 0))
    : json === undefined && bodyText.length <= 2000
      ? [bodyText]
      : [];
  return texts.some((words) => /\basync\b/i.test(words));
}

function textsOf(value: unknown, depth: number): string[] {
  if (typeof value === 'string') {
    return [value];
  }
  if (depth < 3 && Array.isArray(value)) {
    return value.flatMap((item) => textsOf(item, depth + 1));
  }
  if (depth < 3 && isRecord(value)) {
    // Validation errors nest their words: `{ property: 'async', constraints: { … } }`.
    return Object.values(value).flatMap((item) => textsOf(item, depth + 1));
  }
  return [];
}

function text(value: unknown): string | undefined {
  return typeof value === 'string' && value.trim() !== '' ? value.trim() : undefined;
}
