/**
 * Reading the API's success bodies. The documented shapes come first; the variants seen in other
 * clients are tolerated; anything else is a failure described in the server's own words.
 */
import { serverMessageFromValue } from './errors';
import type { FailureFacts } from './failureFacts';
import { isRecord } from '../shared/guards';
import type { Result } from '../shared/result';

export interface GenerationResult {
  recordId?: string;
  /** Asset paths of the results, in the server's order (may be fewer than requested). */
  resultPaths: string[];
  /** Presigned URL of (usually) the first result; undefined when the server gave none. */
  temporaryUrl?: string;
  credits?: { used: number; limit: number };
  /**
   * `usedCredit` in the paid call's own answer. It lags one request (the total before this call
   * was billed), so it is where this run's cost is counted from (src/runs/runCost.ts).
   */
  usedAtPaidCall?: number;
}

/** Why an answer gave no results: the facts (with the server's words) and the record it named. */
export type GenerationParse = Result<{ result: GenerationResult }, { facts: FailureFacts; recordId?: string }>;

export type UploadParse = Result<{ path: string }, { facts: FailureFacts }>;

export function parseUploadResponse(json: unknown): UploadParse {
  const fileContent = field(json, 'fileContent');
  const asset = field(json, 'asset');
  const path = nonEmptyString(field(fileContent, 'path')) ?? nonEmptyString(field(asset, 'key'));
  if (path !== undefined) {
    return { ok: true, path };
  }
  return { ok: false, facts: withServerText({ what: 'upload-without-path' }, serverMessageFromValue(json)) };
}

const CREDIT_CODE = /INSUFFICIENT[_ ]?CREDIT/i;

export function parseGenerationResponse(json: unknown): GenerationParse {
  if (!isRecord(json)) {
    return { ok: false, facts: { what: 'answer-not-object' } };
  }
  const aiRecord = findAiRecord(json);
  if (aiRecord === undefined) {
    const serverMessage = serverMessageFromValue(json);
    const code = nonEmptyString(json.errorCode);
    if (CREDIT_CODE.test(`${code ?? ''} ${serverMessage ?? ''}`)) {
      return { ok: false, facts: withServerText({ what: 'no-credits' }, serverMessage ?? code) };
    }
    return { ok: false, facts: withServerText({ what: 'no-ai-record' }, serverMessage ?? code) };
  }

  const recordId = nonEmptyString(aiRecord.uuid) ?? nonEmptyString(aiRecord.id);
  const detail = field(aiRecord, 'aiRecordDetail');
  const items = asItems(field(detail, 'resultObject') ?? aiRecord.resultObject);
  const resultPaths = items.filter(looksLikeAssetPath);
  const codes = [
    ...items.filter(looksLikeErrorCode),
    ...[aiRecord.errorCode, json.errorCode].map(nonEmptyString).filter((code): code is string => code !== undefined),
  ];
  const responseText = serverMessageFromValue(field(detail, 'responseObject')) ?? serverMessageFromValue(aiRecord.error);
  const serverMessage = [codes.join(', '), responseText].filter((part) => part).join(': ') || undefined;

  if (codes.some((code) => CREDIT_CODE.test(code))) {
    return failed({ what: 'no-credits' }, serverMessage, recordId);
  }
  const status = nonEmptyString(aiRecord.status);
  if (status !== undefined && status.toUpperCase() !== 'SUCCESS') {
    const pending = /PROCESSING|PENDING|QUEUED|RUNNING/i.test(status);
    return failed({ what: pending ? 'generation-unfinished' : 'generation-failed', recordStatus: status }, serverMessage, recordId);
  }
  if (resultPaths.length === 0) {
    return failed({ what: codes.length > 0 ? 'error-code-instead' : 'no-images' }, serverMessage, recordId);
  }

  const temporaryUrl = nonEmptyString(aiRecord.temporaryUrl) ?? nonEmptyString(json.temporaryUrl);
  return {
    ok: true,
    result: {
      ...(recordId !== undefined ? { recordId } : {}),
      resultPaths,
      ...(temporaryUrl !== undefined ? { temporaryUrl } : {}),
      ...creditsOf(field(aiRecord, 'teamUser')),
    },
  };
}

/** The paid call's reading of the account, from its answer (even a PROCESSING one), for `usedAtPaidCall`. */
export function paidCallReading(json: unknown): { usedAtPaidCall?: number } {
  const aiRecord = isRecord(json) ? findAiRecord(json) : undefined;
  const used = creditsOf(field(aiRecord, 'teamUser')).credits?.used;
  return used !== undefined ? { usedAtPaidCall: used } : {};
}

/** The record id of any answer that has one, for logs (even failures). */
export function recordIdOf(json: unknown): string | undefined {
  const aiRecord = isRecord(json) ? findAiRecord(json) : undefined;
  return aiRecord ? (nonEmptyString(aiRecord.uuid) ?? nonEmptyString(aiRecord.id)) : undefined;
}

function findAiRecord(json: Record<string, unknown>): Record<string, unknown> | undefined {
  const direct = field(json, 'aiRecord');
  if (isRecord(direct)) {
    return direct;
  }
  const wrapped = field(field(json, 'data'), 'aiRecord');
  if (isRecord(wrapped)) {
    return wrapped;
  }
  return 'aiRecordDetail' in json ? json : undefined;
}

function asItems(value: unknown): string[] {
  if (typeof value === 'string') {
    return [value.trim()];
  }
  if (Array.isArray(value)) {
    return value.filter((item): item is string => typeof item === 'string').map((item) => item.trim());
  }
  return [];
}

/** `development/images/2025_…_310279.undefined`, or a full https URL from a relay. */
function looksLikeAssetPath(item: string): boolean {
  if (item === '' || item.length > 2048 || /\s/.test(item) || looksLikeErrorCode(item)) {
    return false;
  }
  if (/^[a-z][a-z0-9+.-]*:/i.test(item)) {
    return /^https?:\/\//i.test(item);
  }
  return item.includes('/') || /\.[A-Za-z0-9]+$/.test(item);
}

function looksLikeErrorCode(item: string): boolean {
  return /^[A-Z][A-Z0-9_]{2,}$/.test(item);
}

function creditsOf(teamUser: unknown): { credits?: { used: number; limit: number } } {
  const used = finiteNumber(field(teamUser, 'usedCredit'));
  const limit = finiteNumber(field(teamUser, 'creditLimit'));
  return used !== undefined && limit !== undefined ? { credits: { used, limit } } : {};
}

function failed(facts: FailureFacts, serverMessage: string | undefined, recordId: string | undefined): GenerationParse {
  return { ok: false, facts: withServerText(facts, serverMessage), ...(recordId !== undefined ? { recordId } : {}) };
}

function withServerText(facts: FailureFacts, serverMessage: string | undefined): FailureFacts {
  return serverMessage !== undefined ? { ...facts, serverMessage } : facts;
}

function field(value: unknown, key: string): unknown {
  return isRecord(value) ? value[key] : undefined;
}

function nonEmptyString(value: unknown): string | undefined {
  return typeof value === 'string' && value.trim() !== '' ? value.trim() : undefined;
}

function finiteNumber(value: unknown): number | undefined {
  const number = typeof value === 'string' && value.trim() !== '' ? Number(value) : value;
  return typeof number === 'number' && Number.isFinite(number) ? number : undefined;
}
