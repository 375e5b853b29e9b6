/**
 * The emulator's AI records: one per accepted generation, synchronous or asynchronous, kept so
 * `GET /api/results/{uuid}` can answer for it later, and the envelope every answer about a record
 * uses (the documented `aiRecord` shape, with a fresh presigned `temporaryUrl` on each answer).
 */
import { randomUUID } from 'node:crypto';
import { assertNever } from '../../src/shared/guards';
import type { EmulatorCore } from './core';
import { LINK_LOCAL_URL, type Fault, type GenerateFaultKind } from './faults';
import type { VariationRequest } from './validateFeatures';

const USER_ID = 'c937fbcc-fa8f-4565-a440-c4d87f56fcb2';
const TEAM_ID = 'a4e176b2-dabb-451e-9c58-62b451fa9630';
/** Records are kept in memory; past this many the oldest go (a long `npm start` session). */
const MAX_RECORDS = 400;

export type RecordStatus = 'PROCESSING' | 'SUCCESS' | 'FAILED';

export interface EmulatedRecord {
  uuid: string;
  request: VariationRequest;
  status: RecordStatus;
  resultPaths: string[];
  /** The model host's words when the job failed. */
  errorMessage?: string;
  /** A generate fault that reshapes every answer about this record once it is finished. */
  reshape?: Fault & { kind: GenerateFaultKind };
  createdAt: string;
  /** Epoch ms: when the features call made it, and when it became SUCCESS or FAILED (inspection). */
  acceptedAt: number;
  readyAt?: number;
}

export function newRecord(core: EmulatorCore, request: VariationRequest): EmulatedRecord {
  const record: EmulatedRecord = {
    uuid: randomUUID(),
    request,
    status: 'PROCESSING',
    resultPaths: [],
    createdAt: new Date().toISOString(),
    acceptedAt: Date.now(),
  };
  core.records.set(record.uuid, record);
  while (core.records.size > MAX_RECORDS) {
    core.records.delete(core.records.keys().next().value as string);
  }
  return record;
}

export interface RecordEnvelope {
  aiRecord: Record<string, unknown> & {
    status: string;
    aiRecordDetail: {
      promptObject: Record<string, unknown>;
      resultObject: string[];
      responseObject: Record<string, never>;
      errorMessage?: string;
    };
  };
  temporaryUrl?: string;
}

/** The answer about `record` as it stands now (the features call's answer, or a poll's). */
export function recordEnvelope(core: EmulatorCore, record: EmulatedRecord): RecordEnvelope {
  const now = new Date().toISOString();
  const finished = record.status === 'SUCCESS';
  const body: RecordEnvelope = {
    aiRecord: {
      uuid: record.uuid,
      userId: USER_ID,
      teamId: TEAM_ID,
      teamUser: {
        teamId: TEAM_ID,
        userId: USER_ID,
        userName: 'Emulator User',
        userAvatar: null,
        status: 'ACTIVE',
        role: 'ADMIN',
        creditLimit: core.creditLimit,
        usedCredit: core.usedCreditReading(),
        createdAt: '2025-10-20T04:13:40.847Z',
        createdBy: 'SYSTEM',
        updatedAt: now,
        updatedBy: 'SYSTEM',
      },
      model: record.request.model,
      type: 'IMAGE_VARIATOR',
      metadata: null,
      rating: null,
      feedback: null,
      conversationId: null,
      status: record.status,
      createdAt: record.createdAt,
      aiRecordDetail: {
        promptObject: record.request.promptObject,
        resultObject: [...record.resultPaths],
        responseObject: {},
        ...(record.status === 'FAILED' ? { errorMessage: record.errorMessage ?? 'The generation failed.' } : {}),
      },
      additionalData: null,
      // As in the documented example: one presigned URL, for the first result only; signed anew
      // on every answer, as a poll after the first link expired would get.
      temporaryUrl: finished && record.resultPaths.length > 0 ? core.presigner.url(core.assetOrigin, record.resultPaths[0], new Date()) : '',
    },
  };
  if (finished && record.reshape) {
    reshape(body, record.reshape);
  }
  return body;
}

function reshape(body: RecordEnvelope, fault: Fault & { kind: GenerateFaultKind }): void {
  const record = body.aiRecord;
  const kind = fault.kind;
  switch (kind) {
    case 'not-success':
      record.status = 'PROCESSING';
      record.aiRecordDetail.resultObject = [];
      record.temporaryUrl = '';
      return;
    case 'no-results':
      record.aiRecordDetail.resultObject = [];
      record.temporaryUrl = '';
      return;
    case 'insufficient-credits':
      record.aiRecordDetail.resultObject = ['INSUFFICIENT_CREDITS'];
      record.temporaryUrl = '';
      return;
    case 'no-temporary-url':
      record.temporaryUrl = '';
      return;
    case 'top-level-temporary-url':
      body.temporaryUrl = record.temporaryUrl as string;
      delete record.temporaryUrl;
      return;
    case 'job-fails':
      record.status = 'FAILED';
      record.aiRecordDetail.resultObject = [];
      record.aiRecordDetail.errorMessage = fault.message ?? 'The model could not generate the images.';
      record.temporaryUrl = '';
      return;
    case 'foreign-result-path':
      // A new array: the record's own list of paths stays as it is for the next answer.
      record.aiRecordDetail.resultObject = [fault.redirectTo ?? LINK_LOCAL_URL, ...record.aiRecordDetail.resultObject.slice(1)];
      return;
    default:
      assertNever(kind);
  }
}
