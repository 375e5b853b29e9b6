/**
 * The emulator's answers read as the documented 1min.ai shapes, so the emulator tests dig into
 * typed fields. Nothing is checked here: the tests assert each field they rely on.
 */
import type { JsonAnswer } from '../emulator/testkit';

export interface AssetAnswer {
  asset: {
    originalname: string;
    mimetype: string;
    size: number;
    bucket: string;
    key: string;
    acl: string;
    location: string;
    etag: string;
  };
  fileContent: { path: string; status: string; name: string; createdAt: string };
}

export interface GenerationAnswer {
  aiRecord: {
    uuid: string;
    model: string;
    type: string;
    status: string;
    temporaryUrl: string;
    aiRecordDetail: { promptObject: unknown; responseObject: unknown; resultObject: string[] };
    teamUser: { creditLimit: number; usedCredit: number };
  };
  /** Only where a fault moves it out of aiRecord. */
  temporaryUrl?: string;
}

export interface RefusalAnswer {
  message: string;
  errorCode?: string;
}

export function assetBody(answer: JsonAnswer): AssetAnswer {
  return answer.json as AssetAnswer;
}

export function generationBody(answer: JsonAnswer): GenerationAnswer {
  return answer.json as GenerationAnswer;
}

export function refusalBody(answer: JsonAnswer): RefusalAnswer {
  return answer.json as RefusalAnswer;
}
