import * as assert from 'node:assert/strict';
import { baseHostingUrl, baseOfCandidate, candidateUrls, hostOf, joinBaseAndPath, withoutQuery } from '../../src/api/resultUrls';

const PATH = 'development/images/2025_10_22_18_16_46_334_310279.undefined';
const PRESIGNED = `https://s3.us-east-1.amazonaws.com/asset.1min.ai/${PATH}?X-Amz-Signature=abc&X-Amz-Expires=604800`;
const BASES = ['https://asset.1min.ai', 'https://s3.us-east-1.amazonaws.com/asset.1min.ai/'];

describe('api/resultUrls', () => {
  it('puts the presigned URL first when it names this result, then the bases, the one hosting it first', () => {
    assert.deepEqual(candidateUrls(PATH, PRESIGNED, BASES), [
      PRESIGNED,
      `https://s3.us-east-1.amazonaws.com/asset.1min.ai/${PATH}`,
      `https://asset.1min.ai/${PATH}`,
    ]);
  });

  it('keeps the configured order when no presigned URL hints at a base', () => {
    assert.deepEqual(candidateUrls(PATH, undefined, BASES), [
      `https://asset.1min.ai/${PATH}`,
      `https://s3.us-east-1.amazonaws.com/asset.1min.ai/${PATH}`,
    ]);
  });

  it('leaves out a presigned URL that names another result', () => {
    const other = 'development/images/2025_10_22_18_16_46_389_332671.undefined';
    const urls = candidateUrls(other, PRESIGNED, BASES);
    assert.equal(urls.includes(PRESIGNED), false);
    assert.equal(urls[0], `https://s3.us-east-1.amazonaws.com/asset.1min.ai/${other}`);
  });

  it('leaves out an empty or unparsable presigned URL', () => {
    assert.equal(candidateUrls(PATH, '', BASES).length, 2);
    assert.equal(candidateUrls(PATH, 'not a url', BASES).length, 2);
  });

  it('tries the preferred base first', () => {
    const urls = candidateUrls(PATH, undefined, BASES, 'https://s3.us-east-1.amazonaws.com/asset.1min.ai');
    assert.equal(urls[0], `https://s3.us-east-1.amazonaws.com/asset.1min.ai/${PATH}`);
    assert.equal(urls[1], `https://asset.1min.ai/${PATH}`);
  });

  it('ignores a preferred base that is not configured any more', () => {
    assert.deepEqual(candidateUrls(PATH, undefined, BASES, 'https://gone.example'), candidateUrls(PATH, undefined, BASES));
  });

  it('joins without double slashes and encodes each path segment', () => {
    assert.equal(joinBaseAndPath('https://a.example//', '/images/my cat#1?.png'), 'https://a.example/images/my%20cat%231%3F.png');
    assert.equal(joinBaseAndPath('https://a.example/bucket', 'x//y'), 'https://a.example/bucket/x/y');
  });

  it('keeps dot segments from climbing out of the base path', () => {
    const url = joinBaseAndPath('https://a.example/bucket', '../secret/x.png');
    assert.equal(new URL(url).pathname.startsWith('/bucket/'), true);
  });

  it('uses an absolute result URL as is', () => {
    assert.deepEqual(candidateUrls('https://cdn.example/r/1.webp', undefined, BASES), ['https://cdn.example/r/1.webp']);
  });

  it('survives a malformed absolute result URL', () => {
    assert.deepEqual(candidateUrls('https://', PRESIGNED, BASES), []);
  });

  it('has nothing to offer without a presigned URL or bases', () => {
    assert.deepEqual(candidateUrls(PATH, undefined, []), []);
  });

  it('maps a candidate back to its base', () => {
    const urls = candidateUrls(PATH, PRESIGNED, BASES);
    assert.equal(baseOfCandidate(urls[0], PATH, BASES), undefined);
    assert.equal(baseOfCandidate(urls[1], PATH, BASES), BASES[1]);
    assert.equal(baseOfCandidate(urls[2], PATH, BASES), BASES[0]);
  });

  it('strips query strings, fragments and credentials for logs', () => {
    assert.equal(withoutQuery(PRESIGNED), `https://s3.us-east-1.amazonaws.com/asset.1min.ai/${PATH}`);
    assert.equal(withoutQuery('https://u:p@h.example/a?b#c'), 'https://h.example/a');
  });
});

describe('api/resultUrls: the presigned link as a hint', () => {
  it('tries first, for every result, the base that hosts the presigned link', () => {
    const bases = ['https://asset.1min.ai', 'https://s3.us-east-1.amazonaws.com/asset.1min.ai'];
    const temporary = 'https://s3.us-east-1.amazonaws.com/asset.1min.ai/development/images/first.undefined?X-Amz-Signature=ab';
    const urls = candidateUrls('development/images/second.undefined', temporary, bases);
    assert.deepEqual(urls, [
      'https://s3.us-east-1.amazonaws.com/asset.1min.ai/development/images/second.undefined',
      'https://asset.1min.ai/development/images/second.undefined',
    ]);
  });

  it('lets a base that has worked win over the hint', () => {
    const bases = ['https://asset.1min.ai', 'https://s3.us-east-1.amazonaws.com/asset.1min.ai'];
    const temporary = 'https://s3.us-east-1.amazonaws.com/asset.1min.ai/x/first.undefined?X-Amz-Signature=ab';
    assert.equal(candidateUrls('x/second.undefined', temporary, bases, bases[0])[0], 'https://asset.1min.ai/x/second.undefined');
  });
});

describe('api/resultUrls: nested bases', () => {
  it('takes the longest base that hosts the presigned link', () => {
    const bases = ['http://127.0.0.1:5000', 'http://127.0.0.1:5000/s3/asset.1min.ai'];
    const urls = candidateUrls('d/b.undefined', 'http://127.0.0.1:5000/s3/asset.1min.ai/d/a.undefined?X-Amz-Signature=1', bases);
    assert.equal(urls[0], 'http://127.0.0.1:5000/s3/asset.1min.ai/d/b.undefined');
  });
});

describe('api/resultUrls: only under a configured base', () => {
  const S3 = 'https://s3.us-east-1.amazonaws.com/asset.1min.ai';
  const CDN = 'https://asset.1min.ai';

  it('takes a URL with a base’s origin and a path below the base’s path', () => {
    assert.equal(baseHostingUrl(`${S3}/development/images/a.undefined?X-Amz-Signature=1`, [CDN, S3]), S3);
    assert.equal(baseHostingUrl(`${CDN}/development/images/a.undefined`, [CDN, S3]), CDN);
    assert.equal(baseHostingUrl('https://ASSET.1min.ai:443/x.png', [CDN]), CDN, 'as the URL parser reads host and port');
  });

  it('refuses another bucket on the same S3 host, and a bucket whose name only starts like the base’s', () => {
    assert.equal(baseHostingUrl('https://s3.us-east-1.amazonaws.com/other-bucket/a.png', [S3]), undefined);
    assert.equal(baseHostingUrl('https://s3.us-east-1.amazonaws.com/asset.1min.ai-evil/a.png', [S3]), undefined);
    assert.equal(baseHostingUrl(S3, [S3]), undefined, 'the base itself names no object');
  });

  it('refuses dot segments and encoded slashes that climb out of the base’s path', () => {
    assert.equal(baseHostingUrl(`${S3}/../other-bucket/a.png`, [S3]), undefined);
    assert.equal(baseHostingUrl(`${S3}/%2e%2e/other-bucket/a.png`, [S3]), undefined);
    assert.equal(baseHostingUrl(`${S3}/..%2Fother-bucket/a.png`, [S3]), undefined);
    assert.equal(baseHostingUrl(`${S3}/..%5cother-bucket/a.png`, [S3]), undefined);
  });

  it('refuses other hosts, schemes and ports, credentials, and look-alikes', () => {
    const refused = [
      'http://169.254.169.254/latest/meta-data/',
      'http://asset.1min.ai/x.png',
      'https://asset.1min.ai:8443/x.png',
      'https://asset.1min.ai.evil.example/x.png',
      'https://asset.1min.ai@evil.example/x.png',
      'https://user:pass@asset.1min.ai/x.png',
      'https://asset.1min.ai.s3.amazonaws.com/development/images/a.undefined',
      'file:///etc/passwd',
      'not a url',
    ];
    for (const url of refused) {
      assert.equal(baseHostingUrl(url, [CDN, S3]), undefined, url);
    }
  });

  it('takes the longest of nested bases', () => {
    assert.equal(baseHostingUrl('http://127.0.0.1:5000/s3/asset.1min.ai/a.png', ['http://127.0.0.1:5000', 'http://127.0.0.1:5000/s3/asset.1min.ai']), 'http://127.0.0.1:5000/s3/asset.1min.ai');
  });

  it('leaves out a presigned link under no base (a virtual-hosted bucket), and keeps the bases', () => {
    const virtualHosted = `https://asset.1min.ai.s3.us-east-1.amazonaws.com/${PATH}?X-Amz-Signature=abc`;
    assert.deepEqual(candidateUrls(PATH, virtualHosted, [CDN, S3]), [`${CDN}/${PATH}`, `${S3}/${PATH}`]);
  });

  it('names the host a URL points at, with its port', () => {
    assert.equal(hostOf('http://169.254.169.254/latest/meta-data/'), '169.254.169.254');
    assert.equal(hostOf('https://u:p@elsewhere.example:8443/a?b'), 'elsewhere.example:8443');
  });
});
