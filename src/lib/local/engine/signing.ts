/**
 * Sign and Verify with asymmetric keys: every signing algorithm of the RSA, ECC and Ed25519 specs,
 * over a RAW message (hashed here) or a DIGEST (the caller's hash). Rules as AWS states them:
 * the algorithm must be one the key lists; a DIGEST must be as long as the algorithm's hash;
 * ED25519_SHA_512 takes RAW only and ED25519_PH_SHA_512 takes DIGEST only.
 */
import {constants, sign, verify, type KeyObject} from 'node:crypto'
import {ServiceError} from '../service-error.js'
import {algorithmsOf, hashOf, specInfo} from './key-specs.js'
import type {KeyRow} from './keys.js'
import {signDigestPkcs1, signDigestPss, verifyDigestPkcs1, verifyDigestPss} from './rsa-digest.js'

export type MessageType = 'RAW' | 'DIGEST'

/**
 * ECDSA over a DIGEST and Ed25519ph come from @noble/curves, 110 KB of code that only these
 * requests need: it is loaded by `loadDigestSigning`, which the handler awaits before a Sign or
 * Verify, not by every command that opens the engine (about 10 ms of each start-up here).
 */
let digestSigning: {ecdsa: typeof import('./ecdsa-digest.js'); ed25519ph: typeof import('./ed25519ph.js')} | undefined

export async function loadDigestSigning(): Promise<void> {
  digestSigning ??= {ecdsa: await import('./ecdsa-digest.js'), ed25519ph: await import('./ed25519ph.js')}
}

function loaded(): NonNullable<typeof digestSigning> {
  if (!digestSigning) throw new Error('loadDigestSigning() was not awaited before signing')
  return digestSigning
}

const DIGEST_BYTES = {sha224: 28, sha256: 32, sha384: 48, sha512: 64}

/** Checks the algorithm against the key and the message against the algorithm. */
export function checkSigningInput(key: KeyRow, algorithm: string, message: Buffer, messageType: MessageType): void {
  if (!algorithmsOf(key.key_spec, key.key_usage).SigningAlgorithms?.includes(algorithm)) {
    throw new ServiceError('InvalidKeyUsageException',
      `Algorithm ${algorithm} is incompatible with key spec ${key.key_spec}.`)
  }
  if (algorithm === 'ED25519_SHA_512' && messageType !== 'RAW') {
    throw new ServiceError('ValidationException', 'ED25519_SHA_512 signing algorithm requires MessageType RAW.')
  }
  if (algorithm === 'ED25519_PH_SHA_512' && messageType !== 'DIGEST') {
    throw new ServiceError('ValidationException', 'ED25519_PH_SHA_512 signing algorithm requires MessageType DIGEST.')
  }
  if (messageType === 'DIGEST' && message.length !== DIGEST_BYTES[hashOf(algorithm)]) {
    throw new ServiceError('ValidationException', `Digest is invalid length for algorithm ${algorithm}.`)
  }
}

const pssOptions = (key: KeyObject, algorithm: string) => algorithm.startsWith('RSASSA_PSS')
  ? {key, padding: constants.RSA_PKCS1_PSS_PADDING, saltLength: DIGEST_BYTES[hashOf(algorithm)]}
  : {key}

export function signMessage(key: KeyRow, privateKey: KeyObject, algorithm: string, message: Buffer, messageType: MessageType): Buffer {
  const family = specInfo(key.key_spec).family
  if (family === 'ed25519') return algorithm === 'ED25519_SHA_512' ? sign(null, message, privateKey) : loaded().ed25519ph.signEd25519ph(privateKey, message)
  const hash = hashOf(algorithm) as 'sha256' | 'sha384' | 'sha512'
  if (messageType === 'RAW') return sign(hash, message, pssOptions(privateKey, algorithm))
  if (family === 'ecc') return loaded().ecdsa.signDigestEcdsa(privateKey, specInfo(key.key_spec).curve!, message)
  return algorithm.startsWith('RSASSA_PSS') ? signDigestPss(privateKey, hash, message) : signDigestPkcs1(privateKey, hash, message)
}

export function verifyMessage(key: KeyRow, publicKey: KeyObject, algorithm: string, message: Buffer, messageType: MessageType,
  signature: Buffer): boolean {
  const family = specInfo(key.key_spec).family
  try {
    if (family === 'ed25519') {
      return algorithm === 'ED25519_SHA_512' ? verify(null, message, publicKey, signature) : loaded().ed25519ph.verifyEd25519ph(publicKey, message, signature)
    }
    const hash = hashOf(algorithm) as 'sha256' | 'sha384' | 'sha512'
    if (messageType === 'RAW') return verify(hash, message, pssOptions(publicKey, algorithm), signature)
    if (family === 'ecc') return loaded().ecdsa.verifyDigestEcdsa(publicKey, specInfo(key.key_spec).curve!, message, signature)
    return algorithm.startsWith('RSASSA_PSS')
      ? verifyDigestPss(publicKey, hash, message, signature)
      : verifyDigestPkcs1(publicKey, hash, message, signature)
  } catch {
    return false
  }
}
