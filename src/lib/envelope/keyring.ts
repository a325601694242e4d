/**
 * The one interface every wrapping key implements, age-style: wrap the data key on encrypt,
 * unwrap it on decrypt (FORMAT.md §Keyrings).
 */
import {ExitCode, IntegrityError, KmsError, UsageError} from '../errors.js'
import {EncryptionContext} from './encryption-context.js'
import {EncryptedDataKey} from './header.js'
import {AlgorithmSuite} from './suites.js'

export interface WrapRequest {
  suite: AlgorithmSuite
  /** The full encryption context, `aws-crypto-public-key` included: the AAD of raw keyrings and KMS calls. */
  encryptionContext: EncryptionContext
  /** The data key made by an earlier keyring; when absent, this keyring makes it. */
  dataKey?: Buffer
}

export interface WrapResult {
  dataKey: Buffer
  encryptedDataKeys: EncryptedDataKey[]
}

export interface UnwrapRequest {
  suite: AlgorithmSuite
  /** Header pairs plus the reproduced pairs the caller supplied. */
  encryptionContext: EncryptionContext
  encryptedDataKeys: readonly EncryptedDataKey[]
}

export interface Keyring {
  /** Adds at least one EDK; makes the data key (suite.keyLength bytes) when none is given. */
  wrapDataKey(request: WrapRequest): Promise<WrapResult>
  /**
   * Tries the EDKs it can handle, in order. Returns the data key, or undefined when none is for
   * this keyring or none unwrapped. Throws only errors the user must see (access denied, network).
   */
  unwrapDataKey(request: UnwrapRequest): Promise<Buffer | undefined>
}

/** Runs the keyrings in order: the first makes the data key, every one adds its EDKs. */
export async function wrapWithKeyrings(keyrings: readonly Keyring[], request: Omit<WrapRequest, 'dataKey'>): Promise<WrapResult> {
  let dataKey: Buffer | undefined
  const encryptedDataKeys: EncryptedDataKey[] = []
  for (const keyring of keyrings) {
    const result = await keyring.wrapDataKey({...request, dataKey})
    dataKey = result.dataKey
    encryptedDataKeys.push(...result.encryptedDataKeys)
  }
  if (dataKey === undefined || encryptedDataKeys.length === 0) throw new UsageError('no wrapping key given', {hint: 'give at least one key'})
  return {dataKey, encryptedDataKeys}
}

/**
 * Tries each keyring in turn. If none unwraps, the error a user must see (a denied or failed
 * KMS call) wins over the fixed integrity failure.
 */
export async function unwrapWithKeyrings(keyrings: readonly Keyring[], request: UnwrapRequest): Promise<Buffer> {
  let firstError: unknown
  for (const keyring of keyrings) {
    try {
      const dataKey = await keyring.unwrapDataKey(request)
      if (dataKey !== undefined) {
        if (dataKey.length === request.suite.keyLength) return dataKey
        dataKey.fill(0)
      }
    } catch (error) {
      firstError ??= error
    }
  }
  if (firstError instanceof KmsError && firstError.exitCode !== ExitCode.Integrity) throw firstError
  throw new IntegrityError(firstError === undefined ? {} : {cause: firstError})
}
