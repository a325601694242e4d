/**
 * What a header says, in AWS vocabulary, for `inspect`, `--json` and the callers of
 * encrypt/decrypt (FORMAT.md §Inspect).
 */
import {EncryptionContext, createEncryptionContext} from './encryption-context.js'
import {ContentType, EncryptedDataKey, MessageHeader} from './header.js'
import {KMS_PROVIDER_ID} from './kms-keyring.js'
import {describeRawAesProviderInfo} from './raw-aes-keyring.js'
import {formatSuiteId} from './suites.js'

export interface EncryptedDataKeyInfo {
  /** `aws-kms`, or a raw keyring's namespace. */
  ProviderId: string
  /** KMS: the key ARN. Raw AES and RSA: the key name. Otherwise base64 of the bytes. */
  ProviderInfo: string
  /** KMS EDKs only. */
  KeyArn?: string
}

export interface MessageInfo {
  Version: 1 | 2
  /** `0x0578`. */
  AlgorithmSuiteId: string
  AlgorithmSuite: string
  /** Hex. */
  MessageId: string
  /** The pairs stored in the header. */
  EncryptionContext: EncryptionContext
  EncryptedDataKeys: EncryptedDataKeyInfo[]
  ContentType: ContentType
  FrameLength: number
  Signed: boolean
  KeyCommitment: boolean
  /** Header plus header authentication, in bytes. */
  HeaderLength: number
  /** Bytes after the header (frames and footer), when the input is a file. */
  BodySize?: number
}

export function describeHeader(header: MessageHeader, headerLength: number): MessageInfo {
  return {
    Version: header.version,
    AlgorithmSuiteId: formatSuiteId(header.suite.id),
    AlgorithmSuite: header.suite.name,
    MessageId: header.messageId.toString('hex'),
    EncryptionContext: createEncryptionContext(Object.entries(header.encryptionContext)),
    EncryptedDataKeys: header.encryptedDataKeys.map(describeEncryptedDataKey),
    ContentType: header.contentType,
    FrameLength: header.frameLength,
    Signed: header.suite.signature !== undefined,
    KeyCommitment: header.suite.committing,
    HeaderLength: headerLength,
  }
}

function describeEncryptedDataKey(edk: EncryptedDataKey): EncryptedDataKeyInfo {
  if (edk.providerId === KMS_PROVIDER_ID) {
    const arn = edk.providerInfo.toString('utf8')
    return {ProviderId: edk.providerId, ProviderInfo: arn, KeyArn: arn}
  }
  const rawAesName = describeRawAesProviderInfo(edk.providerInfo)
  if (rawAesName !== undefined) return {ProviderId: edk.providerId, ProviderInfo: rawAesName}
  const text = edk.providerInfo.toString('utf8')
  const printable = /^[\x20-\x7e\u00a0-\uffff]*$/u.test(text) && Buffer.from(text, 'utf8').equals(edk.providerInfo)
  return {ProviderId: edk.providerId, ProviderInfo: printable ? text : edk.providerInfo.toString('base64')}
}
