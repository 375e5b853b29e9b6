import { createHash, randomInt, randomUUID } from 'node:crypto';
import type { IncomingMessage, ServerResponse } from 'node:http';
import { assertNever } from '../../src/shared/guards';
import type { EmulatorCore, RecordedRequest } from './core';
import { GENERATE_FAULTS, LINK_LOCAL_URL, isTransportFault, type Fault, type GenerateFaultKind, type TransportFaultKind } from './faults';
import { renderResultImage } from './images';
import { boundaryOf, parseMultipart, type FormPart } from './multipart';
import { readBody, sendJson } from './respond';
import { outputSize } from './sizes';
import { applyTransportFault } from './transportFault';
import { checkFeaturesBody, type VariationRequest } from './validateFeatures';

/** Not documented; clients assume 50 MB and map 413 to "payload too large". */
const MAX_UPLOAD_BYTES = 50 * 1024 * 1024;
const CREDITS_PER_OUTPUT = 7_500;
const USER_ID = 'c937fbcc-fa8f-4565-a440-c4d87f56fcb2';
const TEAM_ID = 'a4e176b2-dabb-451e-9c58-62b451fa9630';

export async function handleApiRequest(core: EmulatorCore, req: IncomingMessage, res: ServerResponse): Promise<void> {
  const { record, abort } = core.track('api', req, res);
  const route = `${req.method} ${record.path}`;
  if (route === 'POST /api/assets') {
    await handleUpload(core, req, res, record, abort);
  } else if (route === 'POST /api/features') {
    core.inFlight += 1;
    core.maxInFlight = Math.max(core.maxInFlight, core.inFlight);
    res.on('close', () => {
      core.inFlight -= 1;
    });
    await handleFeatures(core, req, res, record, abort);
  } else {
    req.resume();
    // NestJS's answer for an unknown route, which is what the real host runs.
    sendJson(res, 404, { message: `Cannot ${req.method} ${record.path}`, error: 'Not Found', statusCode: 404 });
  }
}

/** 401 bodies as clients have seen them. */
function refuseKey(core: EmulatorCore, req: IncomingMessage, res: ServerResponse): boolean {
  const sent = req.headers['api-key'];
  if (sent === undefined) {
    sendJson(res, 401, { errorCode: 'HTTP_EXCEPTION', message: 'API Key is required' });
    return true;
  }
  if (sent !== core.apiKey) {
    sendJson(res, 401, { errorCode: 'HTTP_EXCEPTION', message: 'API Key is not active' });
    return true;
  }
  return false;
}

async function transportFault(
  core: EmulatorCore,
  endpoint: 'upload' | 'generate',
  res: ServerResponse,
  abort: AbortSignal,
): Promise<'done' | 'continue'> {
  const fault = core.faults.takeIf(endpoint, isTransportFault);
  if (!fault) {
    return 'continue';
  }
  return applyTransportFault(fault as Fault & { kind: TransportFaultKind }, {
    res,
    lifetime: core.lifetime,
    abort,
    cutShortBody: {
      contentType: 'application/json; charset=utf-8',
      bytes: Buffer.from(JSON.stringify({ aiRecord: { uuid: randomUUID(), status: 'SUCCESS', note: 'x'.repeat(512) } })),
    },
    defaultRedirect: `${core.assetOrigin}/redirected`,
  });
}

async function handleUpload(
  core: EmulatorCore,
  req: IncomingMessage,
  res: ServerResponse,
  record: RecordedRequest,
  abort: AbortSignal,
): Promise<void> {
  const body = await readBody(req, core.latency.uploadBytesPerSecond, core.lifetime, abort);
  if (body === undefined) {
    return;
  }
  const boundary = boundaryOf(req.headers['content-type']);
  let parts: FormPart[] | undefined;
  let parseError: string | undefined;
  try {
    parts = boundary ? parseMultipart(body, boundary) : undefined;
  } catch (error) {
    parseError = (error as Error).message;
  }
  const file = parts?.find((part) => part.fileName !== undefined);
  if (file) {
    record.upload = {
      field: file.name,
      fileName: file.fileName ?? '',
      contentType: file.contentType ?? '',
      bytes: file.data,
    };
  }
  if ((await transportFault(core, 'upload', res, abort)) === 'done' || refuseKey(core, req, res)) {
    return;
  }
  if (!boundary || !parts) {
    sendJson(res, 400, {
      errorCode: 'BAD_REQUEST',
      message: parseError
        ? `Malformed multipart body: ${parseError}`
        : 'Expected multipart/form-data with the file in the field "asset"',
    });
    return;
  }
  if (!file || file.name !== 'asset') {
    // Multer's words for a file in another field.
    sendJson(res, 400, {
      errorCode: 'BAD_REQUEST',
      message: file ? `Unexpected field "${file.name}": the file must be sent in the field "asset"` : 'No file in the field "asset"',
    });
    return;
  }
  if (file.data.length === 0) {
    sendJson(res, 400, { errorCode: 'BAD_REQUEST', message: 'The uploaded file is empty' });
    return;
  }
  if (file.data.length > MAX_UPLOAD_BYTES) {
    sendJson(res, 413, { errorCode: 'PAYLOAD_TOO_LARGE', message: 'File too large' });
    return;
  }
  const now = new Date();
  const fileName = file.fileName || 'file';
  const mimetype = file.contentType ?? 'application/octet-stream';
  const key = `images/${core.stamp(now)}_${fileName}`;
  core.uploads.set(key, { bytes: file.data, contentType: mimetype, fileName });
  core.issuedPaths.push(key);
  sendJson(res, 200, {
    asset: {
      originalname: fileName,
      mimetype,
      size: file.data.length,
      bucket: 'asset.1min.ai',
      key,
      acl: 'private',
      location: `${core.assetBaseUrls[1]}/${key.split('/').map(encodeURIComponent).join('/')}`,
      etag: `"${createHash('md5').update(file.data).digest('hex')}"`,
    },
    fileContent: {
      uuid: randomUUID(),
      path: key,
      type: mimetype,
      name: fileName,
      status: 'ACTIVE',
      createdAt: now.toISOString(),
    },
  });
}

async function handleFeatures(
  core: EmulatorCore,
  req: IncomingMessage,
  res: ServerResponse,
  record: RecordedRequest,
  abort: AbortSignal,
): Promise<void> {
  const raw = await readBody(req, undefined, core.lifetime, abort);
  if (raw === undefined) {
    return;
  }
  let parsed: unknown;
  let parsedOk = true;
  try {
    parsed = JSON.parse(raw.toString('utf8'));
    record.body = parsed;
  } catch {
    parsedOk = false;
    record.body = raw.toString('utf8');
  }
  if ((await transportFault(core, 'generate', res, abort)) === 'done' || refuseKey(core, req, res)) {
    return;
  }
  if (!parsedOk) {
    sendJson(res, 400, { errorCode: 'BAD_REQUEST', message: 'Request body is not valid JSON' });
    return;
  }
  const checked = checkFeaturesBody(parsed, (path) => core.uploads.has(path));
  if (!checked.ok) {
    const { status, errorCode, message } = checked.refusal;
    sendJson(res, status, { errorCode, message });
    return;
  }
  const request = checked.request;
  // Charged when the work starts, like the real service: a client that gives up still pays.
  core.usedCredit += CREDITS_PER_OUTPUT * request.numOutputs;
  if (!(await core.lifetime.sleep(core.latency.generationMs ?? 0))) {
    return;
  }
  const paths = await generate(core, request);
  if (res.destroyed) {
    return;
  }
  const delivered = paths.slice(0, Math.max(0, paths.length - core.withheld));
  if (delivered.length === 0) {
    // The upstream model's words when every output is flagged; passed through as a guess.
    sendJson(res, 500, {
      errorCode: 'INTERNAL_SERVER_ERROR',
      message: 'All generated images contained NSFW content. Try running it again with a different prompt.',
    });
    return;
  }
  const body = successBody(core, request, delivered);
  const fault = core.faults.takeIf('generate', (kind) => (GENERATE_FAULTS as readonly string[]).includes(kind));
  if (fault) {
    reshape(body, fault as Fault & { kind: GenerateFaultKind });
  }
  sendJson(res, 200, body);
}

/** Renders every output, yielding between images so a slow encode does not stall other requests. */
async function generate(core: EmulatorCore, request: VariationRequest): Promise<string[]> {
  const source = core.uploads.get(request.imageUrl)?.bytes ?? Buffer.alloc(0);
  const seed = request.seed ?? randomInt(0, 2 ** 32 - 1);
  const { width, height } = outputSize(request.aspectRatio, request.megapixels);
  const paths: string[] = [];
  for (let index = 0; index < request.numOutputs; index++) {
    await new Promise((resolve) => setImmediate(resolve));
    const image = await renderResultImage({ source, seed, index, width, height, format: request.format, quality: request.quality });
    let path: string;
    do {
      path = `development/images/${core.stamp(new Date())}_${randomInt(100000, 1000000)}.undefined`;
    } while (core.results.has(path));
    core.storeResult(path, image);
    paths.push(path);
  }
  return paths;
}

interface SuccessBody {
  aiRecord: Record<string, unknown> & {
    aiRecordDetail: { promptObject: Record<string, unknown>; resultObject: string[]; responseObject: Record<string, never> };
  };
  temporaryUrl?: string;
}

function successBody(core: EmulatorCore, request: VariationRequest, resultPaths: string[]): SuccessBody {
  const now = new Date().toISOString();
  return {
    aiRecord: {
      uuid: randomUUID(),
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
        usedCredit: core.usedCredit,
        createdAt: '2025-10-20T04:13:40.847Z',
        createdBy: 'SYSTEM',
        updatedAt: now,
        updatedBy: 'SYSTEM',
      },
      model: request.model,
      type: 'IMAGE_VARIATOR',
      metadata: null,
      rating: null,
      feedback: null,
      conversationId: null,
      status: 'SUCCESS',
      createdAt: now,
      aiRecordDetail: {
        promptObject: request.promptObject,
        resultObject: resultPaths,
        responseObject: {},
      },
      additionalData: null,
      // As in the documented example: one presigned URL, for the first result only.
      temporaryUrl: core.presigner.url(core.assetOrigin, resultPaths[0], new Date()),
    },
  };
}

function reshape(body: SuccessBody, fault: Fault & { kind: GenerateFaultKind }): void {
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
    case 'foreign-result-path':
      record.aiRecordDetail.resultObject[0] = fault.redirectTo ?? LINK_LOCAL_URL;
      return;
    default:
      assertNever(kind);
  }
}
