/** One part of a multipart/form-data body, with its bytes exactly as sent. */
export interface FormPart {
  name: string;
  fileName?: string;
  contentType?: string;
  data: Buffer;
}

export function boundaryOf(contentType: string | undefined): string | undefined {
  if (!contentType || !/^multipart\/form-data\b/i.test(contentType)) {
    return undefined;
  }
  const match = /;\s*boundary=(?:"([^"]+)"|([^;\s]+))/i.exec(contentType);
  return match ? (match[1] ?? match[2]) : undefined;
}

/**
 * A strict multipart/form-data parser (RFC 7578): whole body in memory, which suits the sizes a
 * test sends. Throws on anything malformed, so a client bug shows up as a 400 rather than a guess.
 */
export function parseMultipart(body: Buffer, boundary: string): FormPart[] {
  const delimiter = Buffer.from(`--${boundary}`);
  let at = body.indexOf(delimiter);
  if (at < 0) {
    throw new Error('multipart body has no boundary line');
  }
  const parts: FormPart[] = [];
  for (;;) {
    at += delimiter.length;
    if (body.subarray(at, at + 2).toString('latin1') === '--') {
      return parts;
    }
    if (body.subarray(at, at + 2).toString('latin1') !== '\r\n') {
      throw new Error('multipart boundary line is not followed by CRLF');
    }
    at += 2;
    const headerEnd = body.indexOf('\r\n\r\n', at, 'latin1');
    if (headerEnd < 0) {
      throw new Error('multipart part has no end of headers');
    }
    const headers = parseHeaders(body.subarray(at, headerEnd).toString('utf8'));
    const dataStart = headerEnd + 4;
    const next = body.indexOf(Buffer.concat([Buffer.from('\r\n'), delimiter]), dataStart);
    if (next < 0) {
      throw new Error('multipart part is not closed by a boundary');
    }
    parts.push(partFrom(headers, body.subarray(dataStart, next)));
    at = next + 2;
  }
}

function parseHeaders(text: string): Map<string, string> {
  const headers = new Map<string, string>();
  for (const line of text.split('\r\n')) {
    const colon = line.indexOf(':');
    if (colon > 0) {
      headers.set(line.slice(0, colon).trim().toLowerCase(), line.slice(colon + 1).trim());
    }
  }
  return headers;
}

function partFrom(headers: Map<string, string>, data: Buffer): FormPart {
  const disposition = headers.get('content-disposition');
  if (!disposition || !/^form-data\b/i.test(disposition)) {
    throw new Error('multipart part lacks Content-Disposition: form-data');
  }
  const name = parameter(disposition, 'name');
  if (name === undefined) {
    throw new Error('multipart part has no name');
  }
  const extended = parameter(disposition, 'filename*');
  const fileName = extended !== undefined ? decodeExtended(extended) : parameter(disposition, 'filename');
  return { name, fileName, contentType: headers.get('content-type'), data };
}

function parameter(header: string, key: string): string | undefined {
  const escaped = key.replace(/[*]/g, '\\*');
  const match = new RegExp(`;\\s*${escaped}=(?:"((?:[^"\\\\]|\\\\.)*)"|([^;]*))`, 'i').exec(header);
  if (!match) {
    return undefined;
  }
  return match[1] !== undefined ? match[1].replace(/\\(.)/g, '$1') : match[2].trim();
}

/** RFC 5987 `UTF-8''percent-encoded`. */
function decodeExtended(value: string): string {
  const quote = value.indexOf("''");
  return decodeURIComponent(quote >= 0 ? value.slice(quote + 2) : value);
}
