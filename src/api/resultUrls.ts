/**
 * Where a result can be downloaded from, best first. The bucket is private, so the presigned
 * `temporaryUrl` is the surest source, but it names only one result (the first); the other
 * results are tried on the configured public bases.
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

  if (temporaryUrl && presignedUrlNames(temporaryUrl, resultPath)) {
    add(temporaryUrl);
  }
  if (isAbsoluteHttpUrl(resultPath)) {
    add(URL.canParse(resultPath) ? resultPath : undefined);
    return urls;
  }
  // The presigned link lives under one of the bases (S3 path style in the documented example):
  // until a base has proven itself, that one is the best guess for the other results too.
  const hinted = preferredBase ?? (temporaryUrl ? baseHostingUrl(temporaryUrl, assetBaseUrls) : undefined);
  for (const base of orderBases(assetBaseUrls, hinted)) {
    add(joinBaseAndPath(base, resultPath));
  }
  return urls;
}

/** The configured base whose prefix `url` starts with (the longest, when bases nest), if any. */
export function baseHostingUrl(url: string, assetBaseUrls: readonly string[]): string | undefined {
  const bare = withoutQuery(url);
  const prefix = (base: string) => `${base.replace(/\/+$/, '')}/`;
  return assetBaseUrls
    .filter((base) => bare.startsWith(prefix(base)))
    .sort((a, b) => prefix(b).length - prefix(a).length)[0];
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
