/**
 * ECDSA signatures of signed suites: the signing key made per message, its public half in the
 * encryption context as a base64 compressed point, and the footer (FORMAT.md §Footer).
 */
import {ECDH, KeyObject, createPublicKey, generateKeyPairSync} from 'node:crypto'
import {IntegrityError} from '../errors.js'
import {SignatureAlgorithm} from './suites.js'

export interface SigningKey {
  privateKey: KeyObject
  /** Base64 compressed point: the value of `aws-crypto-public-key`. */
  publicKeyBase64: string
}

/** A fresh key pair for one message. */
export function generateSigningKey(algorithm: SignatureAlgorithm): SigningKey {
  const {privateKey, publicKey} = generateKeyPairSync('ec', {namedCurve: algorithm.curve})
  const jwk = publicKey.export({format: 'jwk'})
  const x = Buffer.from(jwk.x ?? '', 'base64url')
  const y = Buffer.from(jwk.y ?? '', 'base64url')
  const compressed = Buffer.concat([Buffer.from([0x02 | (y[y.length - 1] & 1)]), x])
  return {privateKey, publicKeyBase64: compressed.toString('base64')}
}

/** The verification key from the base64 compressed point; anything else fails the message. */
export function importVerificationKey(algorithm: SignatureAlgorithm, publicKeyBase64: string | undefined): KeyObject {
  if (publicKeyBase64 === undefined) throw new IntegrityError()
  try {
    const compressed = Buffer.from(publicKeyBase64, 'base64')
    if (compressed.toString('base64') !== publicKeyBase64) throw new Error('not canonical base64')
    const point = ECDH.convertKey(compressed, algorithm.curve, undefined, undefined, 'uncompressed') as Buffer
    const half = (point.length - 1) / 2
    return createPublicKey({
      key: {kty: 'EC', crv: algorithm.jwkCurve, x: point.subarray(1, 1 + half).toString('base64url'), y: point.subarray(1 + half).toString('base64url')},
      format: 'jwk',
    })
  } catch {
    throw new IntegrityError()
  }
}

/** Footer: a 2-byte signature length, then the DER signature. */
export function serializeFooter(signature: Buffer): Buffer[] {
  const length = Buffer.allocUnsafe(2)
  length.writeUInt16BE(signature.length, 0)
  return [length, signature]
}
