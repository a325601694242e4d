/**
 * ECDSA over a caller-supplied digest (MessageType DIGEST), which node:crypto cannot do: it always
 * hashes its input. The curve arithmetic is @noble/curves' (audited), called with `prehash: false`
 * so the digest is not hashed again. Signatures are DER and not low-S normalized, as AWS KMS and
 * OpenSSL make them; verification accepts either half of s. Signing is hedged (RFC 6979 nonce with
 * fresh randomness mixed in), so signatures vary per call as AWS's do.
 */
import type {KeyObject} from 'node:crypto'
import {p256, p384, p521} from '@noble/curves/nist.js'
import {secp256k1} from '@noble/curves/secp256k1.js'

const CURVES = {prime256v1: p256, secp384r1: p384, secp521r1: p521, secp256k1} as const

function curveOf(name: string) {
  const curve = CURVES[name as keyof typeof CURVES]
  if (!curve) throw new Error(`Unsupported curve ${name}`)
  return curve
}

export function signDigestEcdsa(privateKey: KeyObject, curve: string, digest: Buffer): Buffer {
  const ecdsa = curveOf(curve)
  const secret = Buffer.from(privateKey.export({format: 'jwk'}).d!, 'base64url')
  try {
    return Buffer.from(ecdsa.sign(digest, secret, {prehash: false, format: 'der', lowS: false, extraEntropy: true}))
  } finally {
    secret.fill(0)
  }
}

export function verifyDigestEcdsa(publicKey: KeyObject, curve: string, digest: Buffer, signature: Buffer): boolean {
  const ecdsa = curveOf(curve)
  const {x, y} = publicKey.export({format: 'jwk'})
  const point = Buffer.concat([Buffer.of(0x04), Buffer.from(x!, 'base64url'), Buffer.from(y!, 'base64url')])
  return ecdsa.verify(signature, digest, point, {prehash: false, format: 'der', lowS: false})
}
