/**
 * Decryption as a pipeline step: an ESDK message in, plaintext out. A frame's plaintext is
 * released only after its tag verifies; the step ends normally only after the last frame, the
 * signature and the end of input all check out, which `verified` reports (FORMAT.md §Decrypt).
 */
import {IntegrityError} from '../errors.js'
import {assertIntegrity} from './byte-reader.js'
import {InputReader} from './input-reader.js'
import {MessageInfo, describeHeader} from './describe.js'
import {EncryptionContext, PUBLIC_KEY_CONTEXT_KEY, assertUserEncryptionContext, createEncryptionContext, serializeEncryptionContext} from './encryption-context.js'
import {PipelineStep} from './encrypt.js'
import {FINAL_FRAME_MARKER, FrameOpener, MAX_SEQUENCE_NUMBER, bodyAad, frameIv} from './frames.js'
import {MessageHeader} from './header.js'
import {readHeader} from './read-header.js'
import {deriveMessageKeys, verifyKeyCommitment} from './kdf.js'
import {Keyring, unwrapWithKeyrings} from './keyring.js'
import {MessageLimits, resolveLimits} from './limits.js'
import {importVerificationKey} from './signature.js'
import {InputRing, SignatureHasher} from './signature-worker.js'
import {keepFreedMemory} from './allocator.js'
import {CommitmentPolicy, DEFAULT_COMMITMENT_POLICY, assertDecryptAllowed} from './suites.js'

export interface DecryptOptions {
  /** Tried in order until one unwraps an EDK. */
  keyrings: readonly Keyring[]
  /**
   * The reproduced encryption context: each pair must be in the message, either stored in the
   * header (same value) or authenticated only (required encryption context, not stored).
   */
  encryptionContext?: EncryptionContext
  commitmentPolicy?: CommitmentPolicy
  limits?: Partial<MessageLimits>
  /**
   * Set when the source is `readFileIntoRing(path, inputRing)`: the signature is then hashed from
   * the ring, without a copy. (decryptFile does this for large files.)
   */
  inputRing?: InputRing
  /** Called once the data key is unwrapped: the keyrings' KMS calls are over (the CLI then settles its local store). */
  onDataKey?: () => void
}

export interface DecryptStream {
  /** The step for `pipeline(source, transform, sink)`. */
  transform: PipelineStep
  /** Settles once the header authenticated, before any plaintext. */
  header: Promise<MessageInfo>
  /** Resolves only when the whole message (frames, signature, end of input) verified. */
  verified: Promise<MessageInfo>
}

export function decryptStream(options: DecryptOptions): DecryptStream {
  const header = createDeferred<MessageInfo>()
  const verified = createDeferred<MessageInfo>()
  async function* transform(source: AsyncIterable<Uint8Array | string>): AsyncGenerator<Buffer> {
    let done = false
    try {
      const info = yield* decryptMessage(options, source, header.resolve)
      done = true
      verified.resolve(info)
    } catch (error) {
      header.reject(error)
      verified.reject(error)
      throw error
    } finally {
      if (!done) verified.reject(new IntegrityError())
    }
  }
  return {transform, header: header.promise, verified: verified.promise}
}

async function* decryptMessage(options: DecryptOptions, source: AsyncIterable<Uint8Array | string>, onHeader: (info: MessageInfo) => void): AsyncGenerator<Buffer, MessageInfo> {
  const limits = resolveLimits(options.limits)
  const reproduced = createEncryptionContext(Object.entries(options.encryptionContext ?? {}))
  assertUserEncryptionContext(reproduced)
  const reader = new InputReader(source[Symbol.asyncIterator]())
  const parsed = await readHeader(reader, limits)
  const {header} = parsed
  assertDecryptAllowed(options.commitmentPolicy ?? DEFAULT_COMMITMENT_POLICY, header.suite)

  const authOnly = createEncryptionContext()
  for (const [key, value] of Object.entries(reproduced)) {
    if (!Object.hasOwn(header.encryptionContext, key)) authOnly[key] = value
    else assertIntegrity(header.encryptionContext[key] === value)
  }
  const encryptionContext = createEncryptionContext([...Object.entries(header.encryptionContext), ...Object.entries(authOnly)])
  const verificationKey = header.suite.signature && importVerificationKey(header.suite.signature, header.encryptionContext[PUBLIC_KEY_CONTEXT_KEY])

  const dataKey = await unwrapWithKeyrings(options.keyrings, {suite: header.suite, encryptionContext, encryptedDataKeys: header.encryptedDataKeys})
  options.onDataKey?.()
  let encryptionKey: Buffer
  const ring = options.inputRing
  const verifier = header.suite.signature && new SignatureHasher(header.suite.signature.hash, true, undefined, ring)
  try {
    verifyKeyCommitment(header.suite, dataKey, header.messageId, header.suiteData)
    encryptionKey = deriveMessageKeys(header.suite, dataKey, header.messageId).encryptionKey
  } catch (error) {
    verifier?.close()
    throw error
  } finally {
    dataKey.fill(0)
  }
  try {
    const headerAad = Buffer.concat([parsed.headerBytes, serializeEncryptionContext(authOnly)])
    new FrameOpener(header.suite, encryptionKey, parsed.auth.iv ?? Buffer.alloc(header.suite.ivLength), headerAad).finish(parsed.auth.tag)
    // Every byte up to the footer is consumed through onRead: hashed, or (from a ring) approved for hashing where it lies.
    if (ring) reader.onRead = (piece) => ring.consume(piece.length)
    else if (verifier) reader.onRead = (piece) => verifier.update(piece)
    await reader.readField(parsed.length)
    const info = describeHeader(header, parsed.length)
    onHeader(info)
    keepFreedMemory()

    if (header.contentType === 'framed') yield* openFrames(reader, header, encryptionKey)
    else yield* openSingleBlock(reader, header, encryptionKey, limits)
    reader.onRead = undefined
    if (verifier && verificationKey) await verifyFooter(reader, verifier, verificationKey)
    assertIntegrity(await reader.isAtEnd())
    return info
  } finally {
    encryptionKey.fill(0)
    verifier?.close()
  }
}

async function* openFrames(reader: InputReader, header: MessageHeader, key: Buffer): AsyncGenerator<Buffer> {
  const {suite, messageId, frameLength} = header
  for (let expected = 1; ; expected++) {
    assertIntegrity(expected <= MAX_SEQUENCE_NUMBER)
    const marker = await readUint32(reader)
    const final = marker === FINAL_FRAME_MARKER
    assertIntegrity(final || marker === expected)
    if (final) assertIntegrity(await readUint32(reader) === expected)
    const iv = await readField(reader, suite.ivLength)
    assertIntegrity(iv.equals(frameIv(expected, suite.ivLength)))
    const contentLength = final ? await readUint32(reader) : frameLength
    assertIntegrity(contentLength <= frameLength)
    const aad = bodyAad(messageId, final ? 'final-frame' : 'frame', expected, contentLength)
    yield* openBody(reader, new FrameOpener(suite, key, Buffer.from(iv), aad), contentLength, suite.tagLength)
    if (final) return
  }
}

async function* openSingleBlock(reader: InputReader, header: MessageHeader, key: Buffer, limits: MessageLimits): AsyncGenerator<Buffer> {
  const {suite, messageId} = header
  const iv = Buffer.from(await readField(reader, suite.ivLength))
  assertIntegrity(iv.equals(frameIv(1, suite.ivLength)))
  const contentLength = (await readField(reader, 8)).readBigUInt64BE(0)
  if (contentLength > BigInt(limits.maxFrameLength)) {
    throw new IntegrityError({hint: `the non-framed body of ${contentLength} bytes is above the limit of ${limits.maxFrameLength} bytes (maxFrameLength)`})
  }
  const length = Number(contentLength)
  yield* openBody(reader, new FrameOpener(suite, key, iv, bodyAad(messageId, 'single-block', 1, length)), length, suite.tagLength)
}

/** Streams the ciphertext through the opener, then releases the plaintext once the tag verifies. */
async function* openBody(reader: InputReader, opener: FrameOpener, contentLength: number, tagLength: number): AsyncGenerator<Buffer> {
  assertIntegrity(await reader.streamBytes(contentLength, (piece) => opener.update(piece)))
  const plaintext = opener.finish(await readField(reader, tagLength))
  for (const piece of plaintext) yield piece
}

async function verifyFooter(reader: InputReader, verifier: SignatureHasher, key: ReturnType<typeof importVerificationKey>): Promise<void> {
  const length = (await readField(reader, 2)).readUInt16BE(0)
  const signature = await readField(reader, length)
  let valid = false
  try {
    valid = await verifier.verify(key, Buffer.from(signature))
  } catch {
    valid = false
  }
  assertIntegrity(valid)
}

/** A field the message must have: the end of input here is an integrity failure. */
async function readField(reader: InputReader, count: number): Promise<Buffer> {
  const field = await reader.readField(count)
  assertIntegrity(field !== undefined)
  return field
}

async function readUint32(reader: InputReader): Promise<number> {
  return (await readField(reader, 4)).readUInt32BE(0)
}

interface Deferred<T> {
  promise: Promise<T>
  resolve: (value: T) => void
  reject: (error: unknown) => void
}

function createDeferred<T>(): Deferred<T> {
  const deferred = {} as Deferred<T>
  deferred.promise = new Promise<T>((resolve, reject) => Object.assign(deferred, {resolve, reject}))
  deferred.promise.catch(() => {})
  return deferred
}
