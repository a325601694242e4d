/**
 * The message header, v1 and v2, and the header authentication that follows it
 * (FORMAT.md §Header). `parseHeader` reads what `serializeHeader` writes, byte for byte.
 */
import {IntegrityError} from '../errors.js'
import {ByteReader, NeedMoreBytes, assertIntegrity, decodeUtf8, writeUint16, writeUint32} from './byte-reader.js'
import {EncryptionContext, parseEncryptionContext, serializeEncryptionContext} from './encryption-context.js'
import {ALGORITHM_SUITES, AlgorithmSuite, formatSuiteId} from './suites.js'

export interface EncryptedDataKey {
  /** Who can unwrap it: `aws-kms`, or a raw keyring's namespace. */
  providerId: string
  /** Keyring-specific: the KMS key ARN (UTF-8), or a raw keyring's key name and parameters. */
  providerInfo: Buffer
  /** The wrapped data key. */
  ciphertext: Buffer
}

export type ContentType = 'non-framed' | 'framed'

export interface MessageHeader {
  version: 1 | 2
  suite: AlgorithmSuite
  /** 16 bytes in v1, 32 bytes in v2. */
  messageId: Buffer
  /** The pairs stored in the header, including `aws-crypto-public-key` for signed suites. */
  encryptionContext: EncryptionContext
  encryptedDataKeys: EncryptedDataKey[]
  contentType: ContentType
  /** Plaintext bytes per regular frame; 0 for non-framed bodies. */
  frameLength: number
  /** v2 only: the 32-byte commitment key of committing suites. */
  suiteData?: Buffer
}

export interface HeaderAuth {
  /** v1 only: the IV of the header authentication (written as zeros). */
  iv?: Buffer
  tag: Buffer
}

export interface HeaderLimits {
  maxEncryptedDataKeys: number
  maxFrameLength: number
}

export interface ParsedHeader {
  header: MessageHeader
  /** The serialized header body, exactly as read: the AAD of the header authentication. */
  headerBytes: Buffer
  auth: HeaderAuth
  /** Header body plus header authentication. */
  length: number
}

const V1_OBJECT_TYPE = 0x80
const CONTENT_TYPE_CODE: Record<ContentType, number> = {'non-framed': 1, framed: 2}
const COMMITMENT_LENGTH = 32

export function messageIdLength(version: 1 | 2): number {
  return version === 1 ? 16 : 32
}

export function serializeHeader(header: MessageHeader): Buffer {
  const {version, suite} = header
  const context = serializeEncryptionContext(header.encryptionContext)
  const parts: Buffer[] = version === 1 ? [Buffer.from([1, V1_OBJECT_TYPE])] : [Buffer.from([2])]
  parts.push(writeUint16(suite.id), header.messageId, writeUint16(context.length), context, writeUint16(header.encryptedDataKeys.length))
  for (const edk of header.encryptedDataKeys) {
    const providerId = Buffer.from(edk.providerId, 'utf8')
    parts.push(writeUint16(providerId.length), providerId, writeUint16(edk.providerInfo.length), edk.providerInfo, writeUint16(edk.ciphertext.length), edk.ciphertext)
  }
  parts.push(Buffer.from([CONTENT_TYPE_CODE[header.contentType]]))
  if (version === 1) parts.push(Buffer.alloc(4), Buffer.from([suite.ivLength]))
  parts.push(writeUint32(header.frameLength))
  if (version === 2) parts.push(header.suiteData ?? Buffer.alloc(0))
  return Buffer.concat(parts)
}

export function serializeHeaderAuth(version: 1 | 2, auth: HeaderAuth): Buffer {
  return version === 1 ? Buffer.concat([auth.iv ?? Buffer.alloc(12), auth.tag]) : auth.tag
}

/**
 * Parses a header and its authentication from the start of `bytes`. Returns undefined when more
 * bytes are needed; throws IntegrityError when the bytes cannot be a valid header or break a limit.
 */
export function parseHeader(bytes: Buffer, limits: HeaderLimits): ParsedHeader | undefined {
  const reader = new ByteReader(bytes)
  try {
    const header = readHeaderBody(reader, limits)
    const headerBytes = bytes.subarray(0, reader.offset)
    const iv = header.version === 1 ? Buffer.from(reader.takeBytes(header.suite.ivLength)) : undefined
    const tag = Buffer.from(reader.takeBytes(header.suite.tagLength))
    return {header, headerBytes: Buffer.from(headerBytes), auth: {iv, tag}, length: reader.offset}
  } catch (error) {
    if (error instanceof NeedMoreBytes) return undefined
    throw error
  }
}

function readHeaderBody(reader: ByteReader, limits: HeaderLimits): MessageHeader {
  const version = reader.takeUint8()
  assertIntegrity(version === 1 || version === 2)
  if (version === 1) assertIntegrity(reader.takeUint8() === V1_OBJECT_TYPE)
  const suiteId = reader.takeUint16()
  const suite = ALGORITHM_SUITES.get(suiteId)
  if (suite === undefined) throw new IntegrityError({hint: `unknown algorithm suite ${formatSuiteId(suiteId)}`})
  assertIntegrity(suite.messageFormat === version)
  const messageId = Buffer.from(reader.takeBytes(messageIdLength(version)))
  const encryptionContext = parseEncryptionContext(reader.takeBytes(reader.takeUint16()))
  const encryptedDataKeys = readEncryptedDataKeys(reader, limits)
  const contentType = readContentType(reader.takeUint8())
  if (version === 1) {
    assertIntegrity(reader.takeUint32() === 0)
    assertIntegrity(reader.takeUint8() === suite.ivLength)
  }
  const frameLength = reader.takeUint32()
  assertIntegrity(contentType === 'framed' ? frameLength > 0 : frameLength === 0)
  if (frameLength > limits.maxFrameLength) {
    throw new IntegrityError({hint: `the frame length ${frameLength} is above the limit of ${limits.maxFrameLength} bytes (maxFrameLength)`})
  }
  const header: MessageHeader = {version, suite, messageId, encryptionContext, encryptedDataKeys, contentType, frameLength}
  if (version === 2) header.suiteData = Buffer.from(reader.takeBytes(suite.committing ? COMMITMENT_LENGTH : 0))
  return header
}

/** A message with more EDKs than the limit: it fails like any bad message (as the ESDKs do), and says why. */
export class TooManyKeysError extends IntegrityError {
  constructor(readonly count: number, readonly limit: number) {
    super({hint: `the message has ${count} encrypted data keys; the limit is ${limit} (maxEncryptedDataKeys)`})
  }
}

function readEncryptedDataKeys(reader: ByteReader, limits: HeaderLimits): EncryptedDataKey[] {
  const count = reader.takeUint16()
  assertIntegrity(count > 0)
  if (count > limits.maxEncryptedDataKeys) throw new TooManyKeysError(count, limits.maxEncryptedDataKeys)
  const keys: EncryptedDataKey[] = []
  for (let i = 0; i < count; i++) {
    const providerId = decodeUtf8(reader.takeLengthPrefixed())
    const providerInfo = reader.takeLengthPrefixed()
    const ciphertext = reader.takeLengthPrefixed()
    keys.push({providerId, providerInfo, ciphertext})
  }
  return keys
}

function readContentType(code: number): ContentType {
  if (code === 1) return 'non-framed'
  assertIntegrity(code === 2)
  return 'framed'
}
