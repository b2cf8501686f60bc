import { createHash, createHmac } from 'node:crypto';
import type { RecordedRequest } from './fake-server.ts';

export interface SigV4Authorization {
  accessKeyId: string;
  date: string;
  region: string;
  service: string;
  signedHeaders: string[];
  signature: string;
}

/** Splits `AWS4-HMAC-SHA256 Credential=…/date/region/service/aws4_request, SignedHeaders=…, Signature=…`. */
export function parseSigV4(authorization: string | undefined): SigV4Authorization | undefined {
  const match =
    /^AWS4-HMAC-SHA256 Credential=([^/]+)\/(\d{8})\/([^/]+)\/([^/]+)\/aws4_request, SignedHeaders=([^,]+), Signature=([0-9a-f]{64})$/.exec(
      authorization ?? '',
    );
  if (!match) {
    return undefined;
  }
  const [, accessKeyId = '', date = '', region = '', service = '', headers = '', signature = ''] =
    match;
  return { accessKeyId, date, region, service, signedHeaders: headers.split(';'), signature };
}

/**
 * The signature AWS would expect for this request, computed independently of the SDK from the
 * SigV4 specification (non-S3 services URI-encode each path segment a second time).
 */
export function expectedSigV4Signature(request: RecordedRequest, secretAccessKey: string): string {
  const auth = parseSigV4(request.headers.authorization);
  if (!auth) {
    throw new Error('The request has no SigV4 Authorization header');
  }
  const [path = '', query = ''] = request.url.split('?');
  const canonicalUri = path.split('/').map(uriEncode).join('/');
  const canonicalHeaders = auth.signedHeaders
    .map((name) => `${name}:${String(request.headers[name]).trim()}\n`)
    .join('');
  const canonicalRequest = [
    request.method,
    canonicalUri,
    query,
    canonicalHeaders,
    auth.signedHeaders.join(';'),
    sha256(request.body),
  ].join('\n');
  const scope = `${auth.date}/${auth.region}/${auth.service}/aws4_request`;
  const stringToSign = [
    'AWS4-HMAC-SHA256',
    String(request.headers['x-amz-date']),
    scope,
    sha256(canonicalRequest),
  ].join('\n');
  let key: Buffer = hmac(`AWS4${secretAccessKey}`, auth.date);
  for (const part of [auth.region, auth.service, 'aws4_request']) {
    key = hmac(key, part);
  }
  return hmac(key, stringToSign).toString('hex');
}

function uriEncode(segment: string): string {
  return encodeURIComponent(segment).replace(
    /[!'()*]/g,
    (char) => `%${char.charCodeAt(0).toString(16).toUpperCase()}`,
  );
}

function sha256(text: string): string {
  return createHash('sha256').update(text, 'utf8').digest('hex');
}

function hmac(key: string | Buffer, text: string): Buffer {
  return createHmac('sha256', key).update(text, 'utf8').digest();
}
