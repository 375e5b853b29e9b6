/**
 * The one error type the API client throws. It holds what went wrong as facts (failureFacts.ts);
 * its `message` is those facts in the user's words, made once here for the log and for scripts,
 * and again from the facts whenever a stored failure is shown.
 * It never holds the API key: every piece of text that came from outside is scrubbed first.
 */
import { isRecord } from '../shared/guards';
import { tryParseJson } from '../shared/json';
import { type FailureFacts, kindOfFacts } from './failureFacts';
import { describeFailureFacts } from './failureWords';

export const ERROR_KINDS = [
  'missing-key',
  'unauthorized',
  'forbidden',
  'payload-too-large',
  'rate-limited',
  'server-error',
  'bad-response',
  'not-success',
  'no-results',
  'insufficient-credits',
  'unknown-asset',
  'network',
  'timeout',
  'cancelled',
  'download-failed',
  'not-an-image',
  'invalid-request',
  'record-lost',
] as const;
export type FluxReduxErrorKind = (typeof ERROR_KINDS)[number];

/** What the user can do next; the host turns it into a button. */
export type FluxReduxErrorAction = 'setApiKey' | 'showLog' | 'openSettings';

export type ApiOperation = 'upload' | 'generate' | 'download';

export interface FluxReduxErrorInit {
  facts: FailureFacts;
  recordId?: string;
  action?: FluxReduxErrorAction;
  mayBeCharged?: boolean;
  retryAfterMs?: number;
  /** Texts that must never appear in the error (the API key); replaced wherever they occur. */
  secrets?: readonly string[];
}

const MAX_SERVER_MESSAGE_CHARS = 300;

export class FluxReduxError extends Error {
  readonly kind: FluxReduxErrorKind;
  /** Plain JSON, scrubbed of secrets: what a record keeps of this error. */
  readonly facts: FailureFacts;
  readonly serverMessage?: string;
  readonly status?: number;
  readonly recordId?: string;
  readonly action?: FluxReduxErrorAction;
  readonly mayBeCharged: boolean;
  readonly retryAfterMs?: number;
  readonly operation?: ApiOperation;

  constructor(init: FluxReduxErrorInit) {
    const facts = scrubbedFacts(init.facts, init.secrets ?? []);
    super(describeFailureFacts(facts));
    this.name = 'FluxReduxError';
    this.facts = facts;
    this.kind = kindOfFacts(facts);
    this.serverMessage = facts.serverMessage;
    this.status = facts.status;
    this.recordId = init.recordId;
    this.action = init.action;
    this.mayBeCharged = init.mayBeCharged ?? false;
    this.retryAfterMs = init.retryAfterMs;
    this.operation = facts.operation;
  }
}

/**
 * The facts with every text scrubbed of secrets (a server may echo the request back, a redirect
 * may carry anything), the server's words on one short line, and no empty fields, so what a
 * record keeps is what the sentence was made from.
 */
function scrubbedFacts(facts: FailureFacts, secrets: readonly string[]): FailureFacts {
  const scrubbed = scrubTexts(facts, secrets) as FailureFacts;
  const serverMessage = scrubbed.serverMessage === undefined ? undefined : tidyServerText(scrubbed.serverMessage);
  if (serverMessage) {
    return { ...scrubbed, serverMessage };
  }
  const { serverMessage: _empty, ...withoutServerText } = scrubbed;
  return withoutServerText;
}

function scrubTexts(value: unknown, secrets: readonly string[]): unknown {
  if (typeof value === 'string') {
    return redactSecrets(value, secrets);
  }
  if (Array.isArray(value)) {
    return value.map((item) => scrubTexts(item, secrets));
  }
  if (isRecord(value)) {
    return Object.fromEntries(
      Object.entries(value)
        .filter(([, field]) => field !== undefined)
        .map(([name, field]) => [name, scrubTexts(field, secrets)]),
    );
  }
  return value;
}

export function isFluxReduxError(value: unknown): value is FluxReduxError {
  return value instanceof FluxReduxError;
}

/**
 * Removes every occurrence of the given secrets, plus anything shaped like `API-KEY: value`,
 * so that a server echoing our request back cannot put the key into a message or the log.
 */
export function redactSecrets(text: string, secrets: readonly string[]): string {
  let result = text;
  for (const secret of secrets) {
    // Very short strings would shred ordinary words; real keys are long.
    if (secret.length >= 6) {
      result = result.split(secret).join('[redacted]');
    }
  }
  return result.replace(/(api[-_]?key\s*["']?\s*[:=]\s*["']?)[^\s"',;&}]+/gi, '$1[redacted]');
}

function tidyServerText(text: string): string {
  const oneLine = text.replace(/\s+/g, ' ').trim();
  return oneLine.length > MAX_SERVER_MESSAGE_CHARS ? `${oneLine.slice(0, MAX_SERVER_MESSAGE_CHARS - 1)}…` : oneLine;
}

/**
 * The server's own words from an error body: `message`, `error` or `detail` of a JSON body
 * (strings, arrays of strings, or nested objects), the title of an HTML page, or short plain text.
 * Returns undefined when nothing readable is there.
 */
export function extractServerMessage(bodyText: string, contentType?: string): string | undefined {
  const trimmed = bodyText.trim();
  if (trimmed === '') {
    return undefined;
  }
  const json = parseJsonBody(trimmed);
  if (json !== undefined) {
    return serverMessageFromValue(json);
  }
  if (looksLikeHtml(trimmed, contentType)) {
    return messageFromHtml(trimmed);
  }
  return tidyServerText(trimmed);
}

/** The `errorCode` (or `code`) field of a JSON error body, e.g. `INSUFFICIENT_CREDITS`. */
export function extractErrorCode(bodyText: string): string | undefined {
  const json = parseJsonBody(bodyText.trim());
  if (!isRecord(json)) {
    return undefined;
  }
  for (const key of ['errorCode', 'code', 'error_code']) {
    const value = json[key];
    if (typeof value === 'string' && value.trim() !== '') {
      return value.trim();
    }
  }
  return undefined;
}

/** Only objects, arrays and strings count: a body of `404` or `null` is read as plain text. */
function parseJsonBody(text: string): unknown {
  return text.startsWith('{') || text.startsWith('[') || text.startsWith('"') ? tryParseJson(text) : undefined;
}

/** The readable text in a parsed JSON value (a string, strings in an array, or `message`/`error`/`detail`). */
export function serverMessageFromValue(value: unknown): string | undefined {
  return messageFromJson(value, 0);
}

function messageFromJson(value: unknown, depth: number): string | undefined {
  if (depth > 3) {
    return undefined;
  }
  if (typeof value === 'string') {
    return value.trim() === '' ? undefined : tidyServerText(value);
  }
  if (Array.isArray(value)) {
    const parts = value.map((item) => messageFromJson(item, depth + 1)).filter((part): part is string => !!part);
    return parts.length > 0 ? tidyServerText(parts.join('; ')) : undefined;
  }
  if (isRecord(value)) {
    for (const key of ['message', 'error', 'detail', 'errorMessage', 'msg']) {
      const found = messageFromJson(value[key], depth + 1);
      if (found) {
        return found;
      }
    }
  }
  return undefined;
}

function looksLikeHtml(text: string, contentType?: string): boolean {
  return /html/i.test(contentType ?? '') || /^<(!doctype|html|head|body|\?xml)/i.test(text);
}

/** A proxy's 502 page: its title or first heading says enough; the markup never reaches the user. */
function messageFromHtml(html: string): string | undefined {
  const pick = (pattern: RegExp): string | undefined => {
    const match = pattern.exec(html);
    const text = match ? decodeBasicEntities(match[1].replace(/<[^>]*>/g, ' ')).replace(/\s+/g, ' ').trim() : '';
    return text === '' ? undefined : tidyServerText(text);
  };
  return pick(/<title[^>]*>([\s\S]*?)<\/title>/i) ?? pick(/<h1[^>]*>([\s\S]*?)<\/h1>/i);
}

function decodeBasicEntities(text: string): string {
  return text
    .replace(/&lt;/g, '<')
    .replace(/&gt;/g, '>')
    .replace(/&quot;/g, '"')
    .replace(/&#39;/g, "'")
    .replace(/&nbsp;/g, ' ')
    .replace(/&amp;/g, '&');
}
