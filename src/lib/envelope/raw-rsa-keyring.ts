/**
 * Raw RSA keyring: wraps the data key with RSA-OAEP under a local key pair, as the ESDK raw RSA
 * keyring does (FORMAT.md §Raw RSA keyring). PKCS#1 v1.5 is reported as unsupported: Node 20
 * refuses that padding for private decryption (CVE-2023-46809).
 */
import {KeyObject, constants, createPrivateKey, createPublicKey, privateDecrypt, publicEncrypt, randomBytes} from 'node:crypto'
import {UsageError} from '../errors.js'
import {Keyring, UnwrapRequest, WrapRequest, WrapResult} from './keyring.js'

export type RsaPadding = 'oaep-sha1' | 'oaep-sha256' | 'oaep-sha384' | 'oaep-sha512' | 'pkcs1'
export const RSA_PADDINGS: readonly RsaPadding[] = ['oaep-sha1', 'oaep-sha256', 'oaep-sha384', 'oaep-sha512', 'pkcs1']

export interface RawRsaKeyringOptions {
  keyNamespace: string
  keyName: string
  padding: RsaPadding
  /** PEM (SPKI) or a KeyObject; needed to encrypt. Derived from the private key when absent. */
  publicKey?: string | KeyObject
  /** PEM (PKCS#8) or a KeyObject; needed to decrypt. */
  privateKey?: string | KeyObject
}

export function createRawRsaKeyring(options: RawRsaKeyringOptions): Keyring {
  const {keyNamespace, keyName, padding} = options
  if (!keyNamespace || !keyName) throw new UsageError('a raw RSA keyring needs a key namespace and a key name')
  if (keyNamespace.startsWith('aws-kms')) throw new UsageError(`key namespace ${JSON.stringify(keyNamespace)} is reserved for KMS keys`)
  if (!RSA_PADDINGS.includes(padding)) throw new UsageError(`unknown RSA padding ${JSON.stringify(padding)}`, {hint: `use one of ${RSA_PADDINGS.join(', ')}`})
  const privateKey = options.privateKey === undefined ? undefined : toPrivateKey(options.privateKey)
  const publicKey = options.publicKey === undefined ? (privateKey && createPublicKey(privateKey)) : toPublicKey(options.publicKey)
  const paddingOptions = padding === 'pkcs1'
    ? {padding: constants.RSA_PKCS1_PADDING}
    : {padding: constants.RSA_PKCS1_OAEP_PADDING, oaepHash: padding.slice('oaep-'.length)}

  function wrapDataKey(request: WrapRequest): Promise<WrapResult> {
    if (publicKey === undefined) throw new UsageError(`RSA key ${keyName} has no public key to encrypt with`)
    if (padding === 'pkcs1') throw unsupportedPkcs1()
    const dataKey = request.dataKey ?? randomBytes(request.suite.keyLength)
    const ciphertext = publicEncrypt({key: publicKey, ...paddingOptions}, dataKey)
    return Promise.resolve({dataKey, encryptedDataKeys: [{providerId: keyNamespace, providerInfo: Buffer.from(keyName, 'utf8'), ciphertext}]})
  }

  function unwrapDataKey(request: UnwrapRequest): Promise<Buffer | undefined> {
    const mine = request.encryptedDataKeys.filter((edk) => edk.providerId === keyNamespace && edk.providerInfo.toString('utf8') === keyName)
    if (mine.length === 0) return Promise.resolve(undefined)
    if (privateKey === undefined) throw new UsageError(`RSA key ${keyName} has no private key to decrypt with`)
    if (padding === 'pkcs1') throw unsupportedPkcs1()
    for (const edk of mine) {
      try {
        return Promise.resolve(privateDecrypt({key: privateKey, ...paddingOptions}, edk.ciphertext))
      } catch {
        continue
      }
    }
    return Promise.resolve(undefined)
  }

  return {wrapDataKey, unwrapDataKey}
}

function unsupportedPkcs1(): UsageError {
  return new UsageError('RSA PKCS#1 v1.5 padding is not supported: Node.js 20 refuses it for private decryption (CVE-2023-46809)', {
    hint: 'use an OAEP padding (oaep-sha256); to read an old PKCS#1 v1.5 message, decrypt it with another ESDK',
  })
}

function toPrivateKey(key: string | KeyObject): KeyObject {
  try {
    return typeof key === 'string' ? createPrivateKey(key) : key
  } catch (error) {
    throw new UsageError('the RSA private key is not a valid PEM key', {cause: error})
  }
}

function toPublicKey(key: string | KeyObject): KeyObject {
  try {
    return typeof key === 'string' ? createPublicKey(key) : key
  } catch (error) {
    throw new UsageError('the RSA public key is not a valid PEM key', {cause: error})
  }
}
