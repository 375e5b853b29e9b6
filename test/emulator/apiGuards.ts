/** What every API endpoint does before it looks at the request: injected transport faults, then the key. */
import { randomUUID } from 'node:crypto';
import type { IncomingMessage, ServerResponse } from 'node:http';
import type { EmulatorCore } from './core';
import { isTransportFault, type Fault, type TransportFaultKind } from './faults';
import { sendJson } from './respond';
import { applyTransportFault } from './transportFault';

/** 401 bodies as clients have seen them. */
export function refuseKey(core: EmulatorCore, req: IncomingMessage, res: ServerResponse): boolean {
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

export async function transportFault(
  core: EmulatorCore,
  endpoint: 'upload' | 'generate' | 'result',
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
