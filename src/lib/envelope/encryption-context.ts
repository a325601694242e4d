/**
 * Encryption context: serialization (pairs sorted by the UTF-8 bytes of their keys), parsing,
 * and the rules for user input (FORMAT.md §Encryption context).
 */
import {IntegrityError, UsageError} from '../errors.js'
import {ByteReader, NeedMoreBytes, assertIntegrity, decodeUtf8, writeUint16} from './byte-reader.js'

/** String keys to string values, as in the KMS API. */
export type EncryptionContext = Record<string, string>

/** Keys starting with this prefix are the ESDK's own. */
export const RESERVED_PREFIX = 'aws-crypto-'
/** Holds the base64 compressed ECDSA public key of signed suites. */
export const PUBLIC_KEY_CONTEXT_KEY = 'aws-crypto-public-key'

const MAX_UINT16 = 0xffff

/** A fresh context without a prototype, so keys such as `__proto__` are ordinary keys. */
export function createEncryptionContext(pairs: Iterable<[string, string]> = []): EncryptionContext {
  const context: EncryptionContext = Object.create(null)
  for (const [key, value] of pairs) context[key] = value
  return context
}

/**
 * Pair count then each key and value with a 2-byte length, sorted by key bytes; empty when there
 * are no pairs. This is the AAD of raw keyrings and the body of the header's AAD field.
 */
export function serializeEncryptionContext(context: EncryptionContext): Buffer {
  const pairs = Object.entries(context).map(([key, value]) => [Buffer.from(key, 'utf8'), Buffer.from(value, 'utf8')])
  if (pairs.length === 0) return Buffer.alloc(0)
  pairs.sort(([a], [b]) => Buffer.compare(a, b))
  const parts: Buffer[] = [writeUint16(pairs.length)]
  for (const [key, value] of pairs) {
    if (key.length > MAX_UINT16 || value.length > MAX_UINT16) throw new UsageError('an encryption context key or value is longer than 65,535 bytes')
    parts.push(writeUint16(key.length), key, writeUint16(value.length), value)
  }
  const serialized = Buffer.concat(parts)
  if (serialized.length > MAX_UINT16) throw new UsageError('the encryption context is longer than 65,535 bytes when serialized')
  return serialized
}

/** Parses the header's AAD field body; pairs must be well formed, unique and the bytes fully used. */
export function parseEncryptionContext(bytes: Buffer): EncryptionContext {
  const context = createEncryptionContext()
  if (bytes.length === 0) return context
  const reader = new ByteReader(bytes)
  try {
    const count = reader.takeUint16()
    assertIntegrity(count > 0)
    for (let i = 0; i < count; i++) {
      const key = decodeUtf8(reader.takeLengthPrefixed())
      const value = decodeUtf8(reader.takeLengthPrefixed())
      assertIntegrity(!Object.hasOwn(context, key))
      context[key] = value
    }
  } catch (error) {
    if (error instanceof NeedMoreBytes) throw new IntegrityError()
    throw error
  }
  assertIntegrity(reader.offset === bytes.length)
  return context
}

/** Refuses reserved keys in a context given by the user. */
export function assertUserEncryptionContext(context: EncryptionContext): void {
  for (const [key, value] of Object.entries(context)) {
    if (typeof value !== 'string') throw new UsageError(`encryption context value for ${JSON.stringify(key)} must be a string`)
    if (key.startsWith(RESERVED_PREFIX)) {
      throw new UsageError(`encryption context key ${JSON.stringify(key)} uses the reserved prefix ${RESERVED_PREFIX}`, {hint: 'choose another key name'})
    }
  }
}
