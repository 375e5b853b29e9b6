import { createHash, randomUUID } from 'node:crypto';
import type { IncomingMessage, ServerResponse } from 'node:http';
import { refuseKey, transportFault } from './apiGuards';
import type { EmulatorCore, RecordedRequest } from './core';
import { handleFeatures, handleResult } from './generations';
import { boundaryOf, parseMultipart, type FormPart } from './multipart';
import { readBody, sendJson } from './respond';

/** Not documented; clients assume 50 MB and map 413 to "payload too large". */
const MAX_UPLOAD_BYTES = 50 * 1024 * 1024;
const RESULT_ROUTE = /^\/api\/results\/([^/]+)$/;

export async function handleApiRequest(core: EmulatorCore, req: IncomingMessage, res: ServerResponse): Promise<void> {
  const { record, abort } = core.track('api', req, res);
  const route = `${req.method} ${record.path}`;
  if (route === 'POST /api/assets') {
    await handleUpload(core, req, res, record, abort);
  } else if (route === 'POST /api/features') {
    // Counted from arrival; an asynchronous job takes the count over until it is finished.
    const done = core.startGeneration();
    let handedOver = false;
    res.on('close', () => {
      if (!handedOver) {
        done();
      }
    });
    const handOver = (): (() => void) => {
      handedOver = true;
      return done;
    };
    await handleFeatures(core, req, res, record, abort, handOver);
  } else if (req.method === 'GET' && RESULT_ROUTE.test(record.path)) {
    req.resume();
    await handleResult(core, req, res, decodeURIComponent(RESULT_ROUTE.exec(record.path)![1]), abort);
  } else {
    req.resume();
    // NestJS's answer for an unknown route, which is what the real host runs.
    sendJson(res, 404, { message: `Cannot ${req.method} ${record.path}`, error: 'Not Found', statusCode: 404 });
  }
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
