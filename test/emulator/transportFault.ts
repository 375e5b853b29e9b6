import type { ServerResponse } from 'node:http';
import { assertNever } from '../../src/shared/guards';
import type { Fault, TransportFaultKind } from './faults';
import type { Lifetime } from './lifetime';
import { BAD_GATEWAY_PAGE, sendCutShort, sendJson, sendText } from './respond';

const DEFAULT_SLOW_MS = 30_000;

const STATUS_MESSAGES: Record<number, string> = {
  400: 'Bad Request',
  401: 'API Key is not active',
  403: 'Forbidden',
  404: 'Not Found',
  413: 'Payload Too Large',
  500: 'Internal server error',
  503: 'Service Unavailable',
};

export interface TransportFaultContext {
  res: ServerResponse;
  lifetime: Lifetime;
  /** Fires when the client goes away, so a slow answer stops waiting. */
  abort: AbortSignal;
  /** Bytes of which 'reset' sends the first half, with their type. */
  cutShortBody: { contentType: string; bytes: Buffer };
  defaultRedirect: string;
}

/**
 * Answers in place of the endpoint. 'continue' means "now answer as usual" (after 'slow');
 * 'done' means the fault answered, or deliberately never will ('hang': close() ends it).
 */
export async function applyTransportFault(
  fault: Fault & { kind: TransportFaultKind },
  context: TransportFaultContext,
): Promise<'done' | 'continue'> {
  const { res } = context;
  const kind = fault.kind;
  switch (kind) {
    case 'status': {
      const status = fault.status ?? 500;
      sendJson(res, status, { message: fault.message ?? STATUS_MESSAGES[status] ?? `Error ${status}` });
      return 'done';
    }
    case '429':
      sendJson(
        res,
        429,
        { message: fault.message ?? 'Too Many Requests' },
        fault.retryAfterSeconds === undefined ? {} : { 'Retry-After': String(fault.retryAfterSeconds) },
      );
      return 'done';
    case '502-html':
      sendText(res, 502, 'text/html', BAD_GATEWAY_PAGE);
      return 'done';
    case 'malformed-json':
      sendText(res, 200, 'application/json; charset=utf-8', '{"aiRecord":{"uuid":"3f1c2a9e-emulator","status":"SUCC');
      return 'done';
    case 'reset':
      sendCutShort(res, context.cutShortBody.contentType, context.cutShortBody.bytes, 'reset');
      return 'done';
    case 'hang':
      return 'done';
    case 'slow': {
      const waited = await context.lifetime.sleep(fault.delayMs ?? DEFAULT_SLOW_MS, context.abort);
      return waited ? 'continue' : 'done';
    }
    case 'redirect':
      res.writeHead(307, { Location: fault.redirectTo ?? context.defaultRedirect, 'Content-Length': 0 });
      res.end();
      return 'done';
    default:
      return assertNever(kind);
  }
}
