import { createHmac, randomBytes, timingSafeEqual } from 'node:crypto';

/**
 * Presigned URLs shaped like S3's (SigV4 query parameters, 7-day expiry as in the documented
 * example, which points at the S3 path-style host: the same prefix as the second asset base). The signature is an HMAC of the path under a secret of this emulator, so a URL
 * serves only the path it names.
 */
export class Presigner {
  private readonly secret = randomBytes(32);

  url(origin: string, path: string, now: Date): string {
    const date = amzDate(now);
    const query = new URLSearchParams({
      'X-Amz-Algorithm': 'AWS4-HMAC-SHA256',
      'X-Amz-Content-Sha256': 'UNSIGNED-PAYLOAD',
      'X-Amz-Credential': `AKIAEMULATOR000000000/${date.slice(0, 8)}/us-east-1/s3/aws4_request`,
      'X-Amz-Date': date,
      'X-Amz-Expires': '604800',
      'X-Amz-Signature': this.sign(path, date),
      'X-Amz-SignedHeaders': 'host',
      'x-amz-checksum-mode': 'ENABLED',
      'x-id': 'GetObject',
    });
    return `${origin}/s3/asset.1min.ai/${path.split('/').map(encodeURIComponent).join('/')}?${query.toString()}`;
  }

  verify(path: string, query: URLSearchParams): boolean {
    const date = query.get('X-Amz-Date');
    const signature = query.get('X-Amz-Signature');
    if (!date || !signature || !/^[0-9a-f]{64}$/.test(signature)) {
      return false;
    }
    return timingSafeEqual(Buffer.from(signature, 'hex'), Buffer.from(this.sign(path, date), 'hex'));
  }

  private sign(path: string, date: string): string {
    return createHmac('sha256', this.secret).update(`${path}\n${date}`).digest('hex');
  }
}

function amzDate(now: Date): string {
  return now.toISOString().replace(/[-:]/g, '').replace(/\.\d{3}/, '');
}
