/**
 * Symmetric encryption under a local key, and the ciphertext blob layout (FORMAT.md §Local
 * ciphertext blob):
 *
 *   version 0x01 (1) ‖ key ID, ASCII (36) ‖ key material ID (32) ‖ IV (12) ‖ ciphertext ‖ tag (16)
 *
 * AES-256-GCM with the material; the AAD is the 69 header bytes followed by the encryption
 * context serialized as sorted UTF-8 pairs, so changing either makes decryption fail.
 */
import {createCipheriv, createDecipheriv, randomBytes} from 'node:crypto'
import {unsealMaterial} from './material.js'
import {ServiceError, invalidState} from '../service-error.js'
import type {RequestContext} from './engine.js'
import {findKey, type KeyRow} from './keys.js'

const VERSION = 0x01
const KEY_ID_LENGTH = 36
const MATERIAL_ID_LENGTH = 32
const HEADER_LENGTH = 1 + KEY_ID_LENGTH + MATERIAL_ID_LENGTH
const IV_LENGTH = 12
const TAG_LENGTH = 16
export const BLOB_OVERHEAD = HEADER_LENGTH + IV_LENGTH + TAG_LENGTH

export type EncryptionContext = Record<string, string>

const invalidCiphertext = () => new ServiceError('InvalidCiphertextException', 'The ciphertext is invalid, was modified, or was encrypted under other encryption context or another key.')

/** Encryption context as AAD: pairs sorted by the UTF-8 bytes of the key, each as u16 length ‖ bytes. */
export function serializeContext(context: EncryptionContext = {}): Buffer {
  const pairs = Object.entries(context).map(([k, v]) => [Buffer.from(k), Buffer.from(v)])
  pairs.sort((a, b) => Buffer.compare(a[0], b[0]))
  const parts: Buffer[] = []
  for (const [k, v] of pairs) {
    const lengths = Buffer.alloc(2)
    lengths.writeUInt16BE(k.length)
    parts.push(lengths, k, Buffer.alloc(2), v)
    parts[parts.length - 2].writeUInt16BE(v.length)
  }
  return Buffer.concat(parts)
}

/** The plaintext key material of a key's material ID, unsealed from the store. Callers zero it. */
function loadMaterial(ctx: RequestContext, keyId: string, materialId: string): Buffer | undefined {
  return unsealMaterial(ctx.engine, keyId, materialId)
}

export function encryptSymmetric(ctx: RequestContext, key: KeyRow, plaintext: Buffer, context?: EncryptionContext): Buffer {
  const materialId = key.current_material_id!
  const material = loadMaterial(ctx, key.key_id, materialId)
  if (!material) throw new ServiceError('KMSInternalException', `key material of ${key.arn} is missing`, 500)
  const header = Buffer.alloc(HEADER_LENGTH)
  header[0] = VERSION
  header.write(key.key_id.padEnd(KEY_ID_LENGTH, ' '), 1, 'ascii')
  Buffer.from(materialId, 'hex').copy(header, 1 + KEY_ID_LENGTH)
  const iv = randomBytes(IV_LENGTH)
  try {
    const cipher = createCipheriv('aes-256-gcm', material, iv)
    cipher.setAAD(Buffer.concat([header, serializeContext(context)]))
    const body = cipher.update(plaintext)
    cipher.final()
    ctx.keyMaterialId = materialId
    return Buffer.concat([header, iv, body, cipher.getAuthTag()])
  } finally {
    material.fill(0)
  }
}

/** The key ID a blob names, without decrypting it; undefined when the blob is not ours. */
export function blobKeyId(blob: Buffer): string | undefined {
  if (blob.length < BLOB_OVERHEAD || blob[0] !== VERSION) return undefined
  return blob.subarray(1, 1 + KEY_ID_LENGTH).toString('ascii').trimEnd()
}

/** Decrypts a blob made by encryptSymmetric, with the key in the request's Region. */
export function decryptSymmetric(ctx: RequestContext, blob: Buffer, context?: EncryptionContext): {key: KeyRow; plaintext: Buffer} {
  const keyId = blobKeyId(blob)
  const key = keyId === undefined ? undefined : findKey(ctx, keyId)
  if (!key) throw invalidCiphertext()
  if (key.key_state === 'PendingImport') throw invalidState(`${key.arn} is pending import.`)
  const materialId = blob.subarray(1 + KEY_ID_LENGTH, HEADER_LENGTH).toString('hex')
  const material = loadMaterial(ctx, key.key_id, materialId)
  if (!material) throw invalidCiphertext()
  try {
    const decipher = createDecipheriv('aes-256-gcm', material, blob.subarray(HEADER_LENGTH, HEADER_LENGTH + IV_LENGTH))
    decipher.setAAD(Buffer.concat([blob.subarray(0, HEADER_LENGTH), serializeContext(context)]))
    decipher.setAuthTag(blob.subarray(blob.length - TAG_LENGTH))
    const plaintext = decipher.update(blob.subarray(HEADER_LENGTH + IV_LENGTH, blob.length - TAG_LENGTH))
    decipher.final()
    ctx.keyMaterialId = materialId
    return {key, plaintext}
  } catch {
    throw invalidCiphertext()
  } finally {
    material.fill(0)
  }
}

