/**
 * Raw AES keyring: a local AES key named by a namespace and a key name, wrapping the data key
 * with AES-GCM under the serialized encryption context, as the ESDK raw AES keyring does
 * (FORMAT.md §Raw AES keyring).
 */
import {CipherGCMTypes, createCipheriv, createDecipheriv, randomBytes} from 'node:crypto'
import {UsageError} from '../errors.js'
import {serializeEncryptionContext} from './encryption-context.js'
import {EncryptedDataKey} from './header.js'
import {Keyring, UnwrapRequest, WrapRequest, WrapResult} from './keyring.js'

const TAG_LENGTH = 16
const IV_LENGTH = 12

export interface RawAesKeyringOptions {
  /** The provider ID written in each EDK. `aws-kms` is refused. */
  keyNamespace: string
  keyName: string
  /** 16, 24 or 32 bytes. The keyring keeps a copy. */
  wrappingKey: Uint8Array
}

export function createRawAesKeyring(options: RawAesKeyringOptions): Keyring {
  const {keyNamespace, keyName} = options
  if (!keyNamespace || !keyName) throw new UsageError('a raw AES keyring needs a key namespace and a key name')
  if (keyNamespace.startsWith('aws-kms')) throw new UsageError(`key namespace ${JSON.stringify(keyNamespace)} is reserved for KMS keys`)
  if (![16, 24, 32].includes(options.wrappingKey.length)) throw new UsageError('a raw AES wrapping key must be 16, 24 or 32 bytes')
  const wrappingKey = Buffer.from(options.wrappingKey)
  const cipherName = `aes-${wrappingKey.length * 8}-gcm` as CipherGCMTypes
  const keyNameBytes = Buffer.from(keyName, 'utf8')

  function wrapDataKey(request: WrapRequest): Promise<WrapResult> {
    const dataKey = request.dataKey ?? randomBytes(request.suite.keyLength)
    const iv = randomBytes(IV_LENGTH)
    const cipher = createCipheriv(cipherName, wrappingKey, iv, {authTagLength: TAG_LENGTH}).setAAD(serializeEncryptionContext(request.encryptionContext))
    const ciphertext = Buffer.concat([cipher.update(dataKey), cipher.final(), cipher.getAuthTag()])
    const edk: EncryptedDataKey = {providerId: keyNamespace, providerInfo: serializeProviderInfo(keyNameBytes, iv), ciphertext}
    return Promise.resolve({dataKey, encryptedDataKeys: [edk]})
  }

  function unwrapDataKey(request: UnwrapRequest): Promise<Buffer | undefined> {
    const aad = serializeEncryptionContext(request.encryptionContext)
    for (const edk of request.encryptedDataKeys) {
      if (edk.providerId !== keyNamespace) continue
      const iv = parseProviderInfo(keyNameBytes, edk.providerInfo)
      if (iv === undefined || edk.ciphertext.length !== request.suite.keyLength + TAG_LENGTH) continue
      const sealed = edk.ciphertext.subarray(0, request.suite.keyLength)
      const tag = edk.ciphertext.subarray(request.suite.keyLength)
      try {
        const decipher = createDecipheriv(cipherName, wrappingKey, iv, {authTagLength: TAG_LENGTH}).setAAD(aad).setAuthTag(tag)
        const dataKey = decipher.update(sealed)
        decipher.final()
        return Promise.resolve(dataKey)
      } catch {
        continue
      }
    }
    return Promise.resolve(undefined)
  }

  return {wrapDataKey, unwrapDataKey}
}

/** Key name, tag length in bits (4 bytes), IV length (4 bytes), IV. */
function serializeProviderInfo(keyName: Buffer, iv: Buffer): Buffer {
  const info = Buffer.alloc(keyName.length + 8 + iv.length)
  keyName.copy(info, 0)
  info.writeUInt32BE(TAG_LENGTH * 8, keyName.length)
  info.writeUInt32BE(iv.length, keyName.length + 4)
  iv.copy(info, keyName.length + 8)
  return info
}

/** The IV, when the provider info is this key's; otherwise undefined. */
function parseProviderInfo(keyName: Buffer, info: Buffer): Buffer | undefined {
  if (info.length !== keyName.length + 8 + IV_LENGTH) return undefined
  if (!info.subarray(0, keyName.length).equals(keyName)) return undefined
  if (info.readUInt32BE(keyName.length) !== TAG_LENGTH * 8 || info.readUInt32BE(keyName.length + 4) !== IV_LENGTH) return undefined
  return info.subarray(keyName.length + 8)
}

/** For `inspect`: the key name of a raw AES EDK's provider info, if it has that shape. */
export function describeRawAesProviderInfo(info: Buffer): string | undefined {
  const nameLength = info.length - 8 - IV_LENGTH
  if (nameLength <= 0) return undefined
  if (info.readUInt32BE(nameLength) !== TAG_LENGTH * 8 || info.readUInt32BE(nameLength + 4) !== IV_LENGTH) return undefined
  return info.subarray(0, nameLength).toString('utf8')
}
