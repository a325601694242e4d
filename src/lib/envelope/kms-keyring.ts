/**
 * KMS keyring over the SDK's KMSClient (FORMAT.md §KMS keyring). Encrypt: GenerateDataKey with
 * the first key, Encrypt of the same data key with each further key; each EDK has provider ID
 * `aws-kms` and the key ARN KMS returned as provider info. Decrypt: EDKs in order; a key given
 * by the caller must match the EDK's ARN (a multi-Region key matches its replicas); discovery
 * only when asked, limited by an account and partition filter.
 */
import type {KMSClient} from '@aws-sdk/client-kms'
import {ExitCode, KmsError, UsageError} from '../errors.js'
import {EncryptionContext} from './encryption-context.js'
import {EncryptedDataKey} from './header.js'
import {Keyring, UnwrapRequest, WrapRequest, WrapResult} from './keyring.js'
import {isMultiRegionKeyArn, matchKeyArns, parseKmsKeyArn, withRegion} from './kms-arn.js'
import {describeError} from '../describe-error.js'

export const KMS_PROVIDER_ID = 'aws-kms'

export interface DiscoveryFilter {
  accountIds: string[]
  partition: string
}

export interface KmsKeyringOptions {
  /** Encrypt: key ID, key ARN, alias name or alias ARN. Decrypt: key ARNs only. */
  keyIds?: string[]
  /** The client for keys given without a Region (and the default Region). */
  client: KMSClient
  /** The client for a Region; when absent, `client` is used for every Region. */
  clientForRegion?: (region: string) => KMSClient
  /** Decrypt with whatever key ARN an EDK names. Only when asked. */
  discovery?: boolean
  /** With discovery: only keys of these accounts in this partition. */
  discoveryFilter?: DiscoveryFilter
  /** With discovery: call multi-Region keys in this Region (the replica near the caller). */
  discoveryRegion?: string
  grantTokens?: string[]
}

export function createKmsKeyring(options: KmsKeyringOptions): Keyring {
  const keyIds = options.keyIds ?? []
  const discovery = options.discovery === true
  if (keyIds.length === 0 && !discovery) throw new UsageError('a KMS keyring needs at least one key, or discovery')
  if (discovery && keyIds.length > 0) throw new UsageError('a KMS keyring is either given keys or in discovery mode, not both')
  if (keyIds.some((keyId) => keyId.trim() === '')) throw new UsageError('a KMS key identifier is empty')
  const {grantTokens} = options
  const clientFor = (keyId: string): KMSClient => {
    const region = parseKmsKeyArn(keyId)?.region
    return region !== undefined && options.clientForRegion ? options.clientForRegion(region) : options.client
  }

  async function wrapDataKey(request: WrapRequest): Promise<WrapResult> {
    if (keyIds.length === 0) throw new UsageError('a KMS keyring in discovery mode cannot encrypt', {hint: 'give a key with -k'})
    const {EncryptCommand, GenerateDataKeyCommand} = await loadSdk()
    const EncryptionContext = toKmsContext(request.encryptionContext)
    let dataKey = request.dataKey
    const edks: EncryptedDataKey[] = []
    for (const KeyId of keyIds) {
      if (dataKey === undefined) {
        const out = await sendToKms(() => clientFor(KeyId).send(new GenerateDataKeyCommand({KeyId, NumberOfBytes: request.suite.keyLength, EncryptionContext, GrantTokens: grantTokens})))
        if (out.Plaintext?.length !== request.suite.keyLength) throw new KmsError('KMSInternalException', `GenerateDataKey with ${KeyId} returned a data key of the wrong length`)
        dataKey = Buffer.from(out.Plaintext)
        out.Plaintext.fill(0)
        edks.push(toEncryptedDataKey(KeyId, out.KeyId, out.CiphertextBlob))
      } else {
        const out = await sendToKms(() => clientFor(KeyId).send(new EncryptCommand({KeyId, Plaintext: dataKey, EncryptionContext, GrantTokens: grantTokens})))
        edks.push(toEncryptedDataKey(KeyId, out.KeyId, out.CiphertextBlob))
      }
    }
    return {dataKey: dataKey as Buffer, encryptedDataKeys: edks}
  }

  async function unwrapDataKey(request: UnwrapRequest): Promise<Buffer | undefined> {
    if (!discovery) assertDecryptKeyArns(keyIds)
    const {DecryptCommand} = await loadSdk()
    let firstError: unknown
    for (const edk of request.encryptedDataKeys) {
      if (edk.providerId !== KMS_PROVIDER_ID) continue
      const edkArn = edk.providerInfo.toString('utf8')
      const keyId = selectDecryptKey(edkArn)
      if (keyId === undefined) continue
      try {
        const out = await sendToKms(() => clientFor(keyId).send(new DecryptCommand({
          KeyId: keyId, CiphertextBlob: edk.ciphertext, EncryptionContext: toKmsContext(request.encryptionContext), GrantTokens: grantTokens,
        })))
        const plaintext = out.Plaintext
        if (out.KeyId !== keyId || plaintext?.length !== request.suite.keyLength) {
          plaintext?.fill(0)
          continue
        }
        const dataKey = Buffer.from(plaintext)
        plaintext.fill(0)
        return dataKey
      } catch (error) {
        firstError ??= error
      }
    }
    if (firstError instanceof KmsError && firstError.exitCode !== ExitCode.Integrity) throw firstError
    return undefined
  }

  /** The key ARN to call Decrypt with for an EDK, or undefined to skip the EDK. */
  function selectDecryptKey(edkArn: string): string | undefined {
    const arn = parseKmsKeyArn(edkArn)
    if (arn === undefined || arn.resourceType !== 'key') return undefined
    if (!discovery) return keyIds.find((keyId) => matchKeyArns(keyId, edkArn))
    const filter = options.discoveryFilter
    if (filter && (arn.partition !== filter.partition || !filter.accountIds.includes(arn.accountId))) return undefined
    if (options.discoveryRegion && isMultiRegionKeyArn(arn)) return withRegion(arn, options.discoveryRegion)
    return edkArn
  }

  return {wrapDataKey, unwrapDataKey}
}

/** The SDK is loaded on first use, so raw-keyring users (and `inspect`) do not pay for it. */
function loadSdk(): Promise<typeof import('@aws-sdk/client-kms')> {
  return import('@aws-sdk/client-kms')
}

/** Decrypt needs key ARNs: aliases and bare IDs cannot be matched against EDKs. */
export function assertDecryptKeyArns(keyIds: readonly string[]): void {
  for (const keyId of keyIds) {
    const arn = parseKmsKeyArn(keyId)
    if (arn === undefined || arn.resourceType !== 'key') {
      throw new UsageError(`decrypting needs a key ARN, not ${JSON.stringify(keyId)}`, {hint: 'find the ARN with: kms keys describe ' + keyId})
    }
  }
}

function toEncryptedDataKey(requested: string, keyArn: string | undefined, blob: Uint8Array | undefined): EncryptedDataKey {
  if (keyArn === undefined || parseKmsKeyArn(keyArn) === undefined || blob === undefined) {
    throw new KmsError('KMSInternalException', `KMS returned no key ARN or ciphertext for ${requested}`)
  }
  return {providerId: KMS_PROVIDER_ID, providerInfo: Buffer.from(keyArn, 'utf8'), ciphertext: Buffer.from(blob)}
}

function toKmsContext(context: EncryptionContext): Record<string, string> {
  return {...context}
}

/** SDK errors become KmsErrors (service exceptions keep their AWS name; network failures are NetworkError, exit 7), so exit codes follow errors.ts. */
async function sendToKms<T>(call: () => Promise<T>): Promise<T> {
  try {
    return await call()
  } catch (error) {
    throw describeError(error)
  }
}
