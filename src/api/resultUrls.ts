/**
 * Where a result can be downloaded from, best first, and which URLs may be fetched at all. The
 * bucket is private, so the presigned `temporaryUrl` is the surest source, but it names only one
 * result (the first); the other results are tried on the configured public bases.
 *
 * A server may answer anything, so nothing outside `fluxRedux.assetBaseUrls` is fetched: a URL is
 * used only when it has a base's origin and lies below the base's path (another bucket on the same
 * S3 host is elsewhere). resultDownload.ts checks every source and every redirect with
 * `baseHostingUrl`.
 */

/**
 * @param resultPath an asset path from `resultObject` (e.g. `development/images/1_2.undefined`),
 *   or an absolute https URL when a relay gives one
 * @param temporaryUrl the presigned URL of the response, if any
 * @param assetBaseUrls configured bases, in the user's order
 * @param preferredBase a base that worked before; tried first among the bases
 */
export function candidateUrls(
  resultPath: string,
  temporaryUrl: string | undefined,
  assetBaseUrls: readonly string[],
  preferredBase?: string,
): string[] {
  const urls: string[] = [];
  const add = (url: string | undefined): void => {
    if (url !== undefined && !urls.includes(url)) {
      urls.push(url);
    }
  };

  // A presigned link elsewhere (a virtual-hosted `https://<bucket>.s3…` one) is only left out: the bases may still serve.
  const presigned = temporaryUrl && baseHostingUrl(temporaryUrl, assetBaseUrls) !== undefined ? temporaryUrl : undefined;
  if (presigned && presignedUrlNames(presigned, resultPath)) {
    add(presigned);
  }
  if (isAbsoluteHttpUrl(resultPath)) {
    // Kept even when it lies elsewhere, so the download refuses it in words that name the host.
    add(URL.canParse(resultPath) ? resultPath : undefined);
    return urls;
  }
  // The presigned link lives under one of the bases (S3 path style in the documented example):
  // until a base has proven itself, that one is the best guess for the other results too.
  const hinted = preferredBase ?? (presigned ? baseHostingUrl(presigned, assetBaseUrls) : undefined);
  for (const base of orderBases(assetBaseUrls, hinted)) {
    add(joinBaseAndPath(base, resultPath));
  }
  return urls;
}

/**
 * The configured base `url` lies under (the longest, when bases nest), or undefined when it lies
 * elsewhere: under means the same scheme, host and port, and a path below the base's path as the
 * URL parser resolves it (dot segments included). An encoded slash or backslash in the path could
 * be decoded by the host into another bucket, so such a URL is under no base, nor is one with
 * credentials in it.
 */
export function baseHostingUrl(url: string, assetBaseUrls: readonly string[]): string | undefined {
  const target = parseHttpUrl(url);
  if (target === undefined || target.username !== '' || target.password !== '' || /%2f|%5c/i.test(target.pathname)) {
    return undefined;
  }
  let found: { base: string; prefix: string } | undefined;
  for (const base of assetBaseUrls) {
    const parsed = parseHttpUrl(base);
    if (parsed === undefined || parsed.origin !== target.origin) {
      continue;
    }
    const prefix = `${trimTrailingSlashes(parsed.pathname)}/`;
    if (target.pathname.startsWith(prefix) && target.pathname.length > prefix.length && (!found || prefix.length > found.prefix.length)) {
      found = { base, prefix };
    }
  }
  return found?.base;
}

/** The host (with its port) a URL names, to say in words where something pointed. */
export function hostOf(url: string): string {
  return parseHttpUrl(url)?.host ?? withoutQuery(url);
}

/** Which configured base a candidate URL was built from (to remember the one that worked). */
export function baseOfCandidate(url: string, resultPath: string, assetBaseUrls: readonly string[]): string | undefined {
  return assetBaseUrls.find((base) => joinBaseAndPath(base, resultPath) === url);
}

/** Base + path with exactly one slash between them and each path segment percent-encoded. */
export function joinBaseAndPath(base: string, resultPath: string): string {
  const segments = resultPath
    .split('/')
    // Dot segments (even percent-encoded) are resolved by URL parsers and could climb out of the base's path.
    .filter((segment) => segment !== '' && segment !== '.' && segment !== '..')
    .map((segment) => encodeURIComponent(segment));
  return `${trimTrailingSlashes(base)}/${segments.join('/')}`;
}

/** The URL without query string or fragment: what logs and records may show of a presigned link. */
export function withoutQuery(url: string): string {
  try {
    const parsed = new URL(url);
    parsed.username = '';
    parsed.password = '';
    return `${parsed.origin}${parsed.pathname}`;
  } catch {
    return url.replace(/[?#].*$/s, '');
  }
}

function presignedUrlNames(temporaryUrl: string, resultPath: string): boolean {
  try {
    const pathname = safeDecode(new URL(temporaryUrl).pathname);
    const wanted = isAbsoluteHttpUrl(resultPath) ? safeDecode(new URL(resultPath).pathname) : `/${resultPath.replace(/^\/+/, '')}`;
    return wanted.length > 1 && (pathname === wanted || pathname.endsWith(wanted));
  } catch {
    return false;
  }
}

function orderBases(assetBaseUrls: readonly string[], preferredBase: string | undefined): string[] {
  const bases = assetBaseUrls.filter((base) => base.trim() !== '');
  if (preferredBase === undefined) {
    return bases;
  }
  const preferred = bases.find((base) => trimTrailingSlashes(base) === trimTrailingSlashes(preferredBase));
  return preferred === undefined ? bases : [preferred, ...bases.filter((base) => base !== preferred)];
}

function parseHttpUrl(value: string): URL | undefined {
  try {
    const url = new URL(value);
    return url.protocol === 'https:' || url.protocol === 'http:' ? url : undefined;
  } catch {
    return undefined;
  }
}

function isAbsoluteHttpUrl(value: string): boolean {
  return /^https?:\/\//i.test(value);
}

function trimTrailingSlashes(value: string): string {
  return value.replace(/\/+$/, '');
}

function safeDecode(value: string): string {
  try {
    return decodeURIComponent(value);
  } catch {
    return value;
  }
}
