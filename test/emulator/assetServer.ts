import type { IncomingMessage, ServerResponse } from 'node:http';
import { assertNever } from '../../src/shared/guards';
import type { EmulatorCore } from './core';
import { LINK_LOCAL_URL, isTransportFault, type DownloadFaultKind, type Fault, type TransportFaultKind } from './faults';
import { hugeDimensionsPng, sendOversized } from './hostileBodies';
import { SIGN_IN_PAGE, sendCutShort, sendS3Error, sendText } from './respond';
import { applyTransportFault } from './transportFault';

const S3_BASE_PREFIX = '/s3/asset.1min.ai/';
const PRESIGNED_PREFIX = '/presigned/';
/** Another bucket on the same S3 host, which serves the results too: a client must never ask it. */
export const OTHER_BUCKET_PREFIX = '/s3/other-bucket/';

/** What a download request may get, decided from its URL alone. */
type Route =
  | { kind: 'serve'; path: string; bytes: Buffer; contentType: string }
  | { kind: 'refuse'; status: number; code: string; message: string };

/**
 * The stand-in for asset.1min.ai and its S3 bucket. The bucket is private: base 0 (CDN style)
 * refuses result paths, base 1 (S3 path style) serves them, and a presigned URL serves only the
 * path it was signed for. The API key has no business here: any request carrying it is a leak.
 */
export async function handleAssetRequest(core: EmulatorCore, req: IncomingMessage, res: ServerResponse): Promise<void> {
  const { record, abort } = core.track('asset', req, res);
  req.resume();
  if (Object.keys(req.headers).some((name) => name.toLowerCase() === 'api-key')) {
    core.keyLeaks.push(record);
  }
  if (!(await core.lifetime.sleep(core.latency.downloadMs ?? 0, abort))) {
    return;
  }
  if (req.method !== 'GET' && req.method !== 'HEAD') {
    sendS3Error(res, 405, 'MethodNotAllowed', 'The specified method is not allowed against this resource.');
    return;
  }
  const route = resolve(core, record.path, new URLSearchParams(record.query));
  if (route.kind === 'refuse') {
    sendS3Error(res, route.status, route.code, route.message);
    return;
  }
  if (core.refusedPaths.has(route.path)) {
    sendS3Error(res, 403, 'AccessDenied', 'Access Denied');
    return;
  }
  const fault = core.faults.takeIf('download', () => true);
  if (fault && !isTransportFault(fault.kind)) {
    answerDownloadFault(core, res, route, fault as Fault & { kind: DownloadFaultKind });
    return;
  }
  if (fault) {
    const outcome = await applyTransportFault(fault as Fault & { kind: TransportFaultKind }, {
      res,
      lifetime: core.lifetime,
      abort,
      cutShortBody: { contentType: route.contentType, bytes: route.bytes },
      defaultRedirect: `${core.assetOrigin}/redirected`,
    });
    if (outcome === 'done') {
      return;
    }
  }
  res.writeHead(200, {
    'Content-Type': route.contentType,
    'Content-Length': route.bytes.length,
    'Accept-Ranges': 'bytes',
    'Last-Modified': new Date().toUTCString(),
  });
  res.end(req.method === 'HEAD' ? undefined : route.bytes);
}

function resolve(core: EmulatorCore, urlPath: string, query: URLSearchParams): Route {
  const denied: Route = { kind: 'refuse', status: 403, code: 'AccessDenied', message: 'Access Denied' };
  const presigned = urlPath.startsWith(PRESIGNED_PREFIX)
    ? urlPath.slice(PRESIGNED_PREFIX.length)
    : urlPath.startsWith(S3_BASE_PREFIX) && query.has('X-Amz-Signature')
      ? urlPath.slice(S3_BASE_PREFIX.length)
      : undefined;
  if (presigned !== undefined) {
    const path = decodePath(presigned);
    if (path === undefined || !core.presigner.verify(path, query)) {
      return {
        kind: 'refuse',
        status: 403,
        code: 'SignatureDoesNotMatch',
        message: 'The request signature we calculated does not match the signature you provided.',
      };
    }
    const image = core.results.get(path);
    return image
      ? { kind: 'serve', path, bytes: image.bytes, contentType: image.contentType }
      : { kind: 'refuse', status: 404, code: 'NoSuchKey', message: 'The specified key does not exist.' };
  }
  if (urlPath.startsWith(OTHER_BUCKET_PREFIX)) {
    const path = decodePath(urlPath.slice(OTHER_BUCKET_PREFIX.length));
    const image = path === undefined ? undefined : core.results.get(path);
    return path !== undefined && image ? { kind: 'serve', path, bytes: image.bytes, contentType: image.contentType } : denied;
  }
  if (urlPath.startsWith(S3_BASE_PREFIX)) {
    const path = decodePath(urlPath.slice(S3_BASE_PREFIX.length));
    if (path === undefined) {
      return denied;
    }
    const image = core.results.get(path);
    if (image) {
      // S3 stores these objects without a type, hence the generic one (and the `.undefined` names).
      return { kind: 'serve', path, bytes: image.bytes, contentType: 'binary/octet-stream' };
    }
    const upload = core.uploads.get(path);
    return upload ? { kind: 'serve', path, bytes: upload.bytes, contentType: upload.contentType } : denied;
  }
  return denied;
}

function decodePath(encoded: string): string | undefined {
  try {
    return encoded.split('/').map(decodeURIComponent).join('/');
  } catch {
    return undefined;
  }
}

function answerDownloadFault(
  core: EmulatorCore,
  res: ServerResponse,
  route: Route & { kind: 'serve' },
  fault: Fault & { kind: DownloadFaultKind },
): void {
  const kind = fault.kind;
  switch (kind) {
    case 'html':
      sendText(res, 200, 'text/html; charset=utf-8', SIGN_IN_PAGE);
      return;
    case 'truncated':
      sendCutShort(res, route.contentType, route.bytes, 'close');
      return;
    case 'refuse-all-bases':
      core.refusedPaths.add(route.path);
      sendS3Error(res, 403, 'AccessDenied', 'Access Denied');
      return;
    case 'redirect-elsewhere':
      redirect(res, fault.redirectTo ?? LINK_LOCAL_URL);
      return;
    case 'redirect-other-bucket':
      redirect(res, `${core.assetOrigin}${OTHER_BUCKET_PREFIX}${route.path.split('/').map(encodeURIComponent).join('/')}`);
      return;
    case 'oversized':
    case 'oversized-unannounced':
      sendOversized(res, route.bytes, kind === 'oversized');
      return;
    case 'huge-dimensions': {
      const bytes = hugeDimensionsPng();
      res.writeHead(200, { 'Content-Type': 'binary/octet-stream', 'Content-Length': bytes.length });
      res.end(bytes);
      return;
    }
    default:
      assertNever(kind);
  }
}

function redirect(res: ServerResponse, location: string): void {
  res.writeHead(302, { Location: location, 'Content-Length': 0 });
  res.end();
}
