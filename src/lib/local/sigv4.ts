/**
 * SigV4 verification: parse the Authorization header, look up the secret of its access key,
 * recompute the signature of the received request with @smithy/signature-v4 (over exactly the
 * headers the client signed) and compare in constant time. Works for the AWS SDKs' and the AWS
 * CLI's signing styles; the payload hash is recomputed from the body, never trusted from a header.
 */
import {createHash, timingSafeEqual} from 'node:crypto'
import {Sha256} from '@smithy/core/checksum'
import {HttpRequest} from '@smithy/core/transport'
import {SignatureV4} from '@smithy/signature-v4'
import {ServiceError} from './service-error.js'

export const MAX_CLOCK_SKEW_MS = 15 * 60 * 1000

export interface SignedRequest {
  method: string
  path: string
  query?: Record<string, string | string[] | null>
  /** Lower-case header names. */
  headers: Record<string, string>
  body: Buffer
}

export interface Credential {
  accessKeyId: string
  date: string
  region: string
  service: string
}

const AUTH = /^AWS4-HMAC-SHA256 Credential=([^/,\s]+)\/(\d{8})\/([^/]+)\/([^/]+)\/aws4_request,\s*SignedHeaders=([a-z0-9;_.-]+),\s*Signature=([0-9a-f]{64})$/

const invalidSignature = () => new ServiceError('InvalidSignatureException',
  'The request signature we calculated does not match the signature you provided. Check your AWS Secret Access Key and signing method. Consult the service documentation for details.')

/** The credential scope of a request, parsed but not yet verified. */
export function parseAuthorization(headers: Record<string, string>): Credential & {signedHeaders: string[]; signature: string} {
  const header = headers.authorization
  if (!header) throw new ServiceError('MissingAuthenticationTokenException', 'Missing Authentication Token')
  const match = AUTH.exec(header.trim())
  if (!match) throw new ServiceError('IncompleteSignatureException', `Authorization header requires 'Credential', 'Signature' and 'SignedHeaders' parameters for AWS4-HMAC-SHA256.`)
  const [, accessKeyId, date, region, service, signedHeaders, signature] = match
  return {accessKeyId, date, region, service, signedHeaders: signedHeaders.split(';'), signature}
}

function parseAmzDate(value: string | undefined): Date {
  const m = value && /^(\d{4})(\d{2})(\d{2})T(\d{2})(\d{2})(\d{2})Z$/.exec(value)
  if (!m) throw new ServiceError('IncompleteSignatureException', 'Authorization requires an X-Amz-Date header in the basic ISO 8601 format.')
  return new Date(Date.UTC(+m[1], +m[2] - 1, +m[3], +m[4], +m[5], +m[6]))
}

const signers = new Map<string, SignatureV4>()

function signerFor(credential: Credential, secretAccessKey: string): SignatureV4 {
  const id = `${credential.accessKeyId}\0${credential.region}\0${secretAccessKey}`
  let signer = signers.get(id)
  if (!signer) {
    if (signers.size > 256) signers.clear()
    signer = new SignatureV4({credentials: {accessKeyId: credential.accessKeyId, secretAccessKey}, region: credential.region,
      service: credential.service, sha256: Sha256, applyChecksum: false})
    signers.set(id, signer)
  }
  return signer
}

/**
 * Verifies the request's signature; `lookupSecret` returns the secret of an access key or undefined.
 * Returns the verified credential scope (its Region is the request's Region, as with AWS).
 */
export async function verifySignature(request: SignedRequest, now: Date, lookupSecret: (accessKeyId: string) => string | undefined): Promise<Credential> {
  const auth = parseAuthorization(request.headers)
  if (auth.service !== 'kms') throw new ServiceError('InvalidSignatureException', `Credential should be scoped to correct service: 'kms'.`)
  const amzDate = request.headers['x-amz-date']
  const signingDate = parseAmzDate(amzDate)
  if (amzDate.slice(0, 8) !== auth.date) throw new ServiceError('InvalidSignatureException', `Date in Credential scope does not match YYYYMMDD from ISO-8601 version of date from HTTP: '${auth.date}' != '${amzDate.slice(0, 8)}', from '${amzDate}'.`)
  const secret = lookupSecret(auth.accessKeyId)
  // The local KMS issues long-term keys only: a session token (X-Amz-Security-Token, signed or not) is one it did not issue.
  if (secret === undefined || request.headers['x-amz-security-token'] !== undefined) {
    throw new ServiceError('UnrecognizedClientException', 'The security token included in the request is invalid.')
  }
  const skew = signingDate.getTime() - now.getTime()
  if (Math.abs(skew) > MAX_CLOCK_SKEW_MS) {
    const fmt = (d: Date) => d.toISOString().replace(/[-:]|\.\d{3}/g, '')
    throw new ServiceError('InvalidSignatureException', skew < 0
      ? `Signature expired: ${amzDate} is now earlier than ${fmt(new Date(now.getTime() - MAX_CLOCK_SKEW_MS))} (${fmt(now)} - 15 min.)`
      : `Signature not yet current: ${amzDate} is still later than ${fmt(new Date(now.getTime() + MAX_CLOCK_SKEW_MS))} (${fmt(now)} + 15 min.)`)
  }
  const bodyHash = createHash('sha256').update(request.body).digest('hex')
  const claimedHash = request.headers['x-amz-content-sha256']
  if (claimedHash !== undefined && claimedHash !== bodyHash) throw invalidSignature()
  const headers: Record<string, string> = {}
  for (const name of auth.signedHeaders) {
    const value = request.headers[name]
    if (value === undefined) throw invalidSignature()
    headers[name] = value
  }
  const toSign = new HttpRequest({method: request.method, path: request.path, query: request.query ?? {}, headers, body: request.body,
    hostname: headers.host ?? ''})
  const signed = await signerFor(auth, secret).sign(toSign, {signingDate, signingRegion: auth.region, signingService: auth.service,
    signableHeaders: new Set(auth.signedHeaders)})
  const expected = /Signature=([0-9a-f]{64})/.exec(String(signed.headers.authorization))?.[1] ?? ''
  if (expected.length !== 64 || !timingSafeEqual(Buffer.from(expected), Buffer.from(auth.signature))) throw invalidSignature()
  return auth
}
