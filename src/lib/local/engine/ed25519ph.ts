/**
 * Ed25519ph (RFC 8032 §5.1, phflag 1, empty context): AWS's ED25519_PH_SHA_512, which signs a
 * SHA-512 digest (MessageType DIGEST). Node 20's OpenSSL 3.0 has pure Ed25519 only, and
 * @noble/curves' `ed25519ph` hashes the message itself, so this builds the same scheme with
 * noble's `eddsa` factory on `ed25519.Point` (RFC 8032 dom2 with phflag 1) and an identity
 * prehash: PH(M) is the caller's digest. The key is node's own Ed25519 KeyObject (its 32-byte seed).
 */
import {createHash, type KeyObject} from 'node:crypto'
import {eddsa} from '@noble/curves/abstract/edwards.js'
import {ed25519} from '@noble/curves/ed25519.js'

const DOM2_PREFIX = Buffer.from('SigEd25519 no Ed25519 collisions')

const ed25519phDigest = eddsa(ed25519.Point, (data: Uint8Array) => new Uint8Array(createHash('sha512').update(data).digest()), {
  // RFC 8032 §5.1.5 step 2: clamp the lower half of SHA-512(seed).
  adjustScalarBytes: (bytes: Uint8Array) => {
    bytes[0] &= 248
    bytes[31] &= 127
    bytes[31] |= 64
    return bytes
  },
  // RFC 8032 §2 dom2(phflag, context).
  domain: (data: Uint8Array, context: Uint8Array, phflag: boolean) => {
    if (context.length > 255) throw new Error('Context is too big')
    return Buffer.concat([DOM2_PREFIX, Buffer.of(phflag ? 1 : 0, context.length), context, data])
  },
  prehash: (digest: Uint8Array) => digest,
  zip215: false,
})

/** Signs a 64-byte SHA-512 digest of the message with an Ed25519 private key. */
export function signEd25519ph(privateKey: KeyObject, digest: Buffer): Buffer {
  const seed = Buffer.from(privateKey.export({format: 'jwk'}).d!, 'base64url')
  try {
    return Buffer.from(ed25519phDigest.sign(digest, seed))
  } finally {
    seed.fill(0)
  }
}

export function verifyEd25519ph(publicKey: KeyObject, digest: Buffer, signature: Buffer): boolean {
  if (signature.length !== 64) return false
  const A = Buffer.from(publicKey.export({format: 'jwk'}).x!, 'base64url')
  return ed25519phDigest.verify(signature, digest, A)
}
