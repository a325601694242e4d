/**
 * Encrypt and decrypt under any ENCRYPT_DECRYPT key: symmetric keys use the local ciphertext blob
 * (ciphertext.ts); RSA keys use real RSAES-OAEP with SHA-1 or SHA-256 (OAEP and MGF1 hash alike),
 * so a ciphertext made offline with the public key decrypts here. Plaintext caps are AWS's:
 * k − 2·hLen − 2 bytes (RSA_2048: 214 / 190 B; RSA_3072: 342 / 318 B; RSA_4096: 470 / 446 B).
 */
import {constants, privateDecrypt, publicEncrypt} from 'node:crypto'
import {ServiceError} from '../service-error.js'
import {encryptSymmetric, type EncryptionContext} from './ciphertext.js'
import type {RequestContext} from './engine.js'
import {algorithmsOf, specInfo} from './key-specs.js'
import type {KeyRow} from './keys.js'
import {privateKeyOf, publicKeyOf} from './material.js'

const OAEP_HASH = {RSAES_OAEP_SHA_1: 'sha1', RSAES_OAEP_SHA_256: 'sha256'} as const
const HASH_BYTES = {RSAES_OAEP_SHA_1: 20, RSAES_OAEP_SHA_256: 32} as const
type OaepAlgorithm = keyof typeof OAEP_HASH

const invalidCiphertext = () => new ServiceError('InvalidCiphertextException', 'The ciphertext is invalid, was modified, or was encrypted under other encryption context or another key.')

/** The algorithm must be one the key lists (SYMMETRIC_DEFAULT for symmetric keys, RSAES_OAEP_* for RSA). */
export function checkEncryptionAlgorithm(key: KeyRow, algorithm: string): void {
  if (!algorithmsOf(key.key_spec, key.key_usage).EncryptionAlgorithms?.includes(algorithm)) {
    throw new ServiceError('InvalidKeyUsageException', `The encryption algorithm ${algorithm} is not valid for ${key.arn} (key spec ${key.key_spec}).`)
  }
}

/** Data keys and key pairs are encrypted under symmetric encryption keys only. */
export function requireSymmetric(key: KeyRow): void {
  if (key.key_spec !== 'SYMMETRIC_DEFAULT') {
    throw new ServiceError('InvalidKeyUsageException', `${key.arn} key spec is ${key.key_spec} which is not valid for this operation.`)
  }
}

function checkNoContext(context?: EncryptionContext): void {
  if (context && Object.keys(context).length > 0) {
    throw new ServiceError('ValidationException', 'EncryptionContext is supported only on operations with symmetric encryption KMS keys.')
  }
}

export function maxOaepPlaintext(key: KeyRow, algorithm: OaepAlgorithm): number {
  return specInfo(key.key_spec).bits! / 8 - 2 * HASH_BYTES[algorithm] - 2
}

export function encryptUnder(ctx: RequestContext, key: KeyRow, plaintext: Buffer, algorithm: string, context?: EncryptionContext): Buffer {
  checkEncryptionAlgorithm(key, algorithm)
  if (algorithm === 'SYMMETRIC_DEFAULT') return encryptSymmetric(ctx, key, plaintext, context)
  checkNoContext(context)
  const max = maxOaepPlaintext(key, algorithm as OaepAlgorithm)
  if (plaintext.length > max) {
    throw new ServiceError('ValidationException', `Plaintext is ${plaintext.length} bytes; ${algorithm} with ${key.key_spec} encrypts at most ${max} bytes.`)
  }
  return publicEncrypt({key: publicKeyOf(ctx.engine, key), padding: constants.RSA_PKCS1_OAEP_PADDING,
    oaepHash: OAEP_HASH[algorithm as OaepAlgorithm]}, plaintext)
}

/** RSA-OAEP decryption with the key named in the request (AWS requires KeyId for asymmetric keys). */
export function decryptAsymmetric(ctx: RequestContext, key: KeyRow, blob: Buffer, algorithm: string, context?: EncryptionContext): Buffer {
  checkEncryptionAlgorithm(key, algorithm)
  checkNoContext(context)
  if (blob.length !== specInfo(key.key_spec).bits! / 8) throw invalidCiphertext()
  try {
    return privateDecrypt({key: privateKeyOf(ctx.engine, key), padding: constants.RSA_PKCS1_OAEP_PADDING,
      oaepHash: OAEP_HASH[algorithm as OaepAlgorithm]}, blob)
  } catch {
    throw invalidCiphertext()
  }
}
