/**
 * Encryption as a pipeline step: plaintext chunks in, an ESDK message out (v2 framed, suite
 * 0x0578 by default). Input is gathered in one reused frame buffer; each frame goes out as
 * separate chunks (frame header, ciphertext slices, tag), so memory stays at about one frame.
 * The signature's hash runs in a worker thread for large messages (signature-worker.ts).
 */
import {randomBytes} from 'node:crypto'
import {UsageError} from '../errors.js'
import {toBuffer} from './input-reader.js'
import {MessageInfo, describeHeader} from './describe.js'
import {EncryptionContext, PUBLIC_KEY_CONTEXT_KEY, assertUserEncryptionContext, createEncryptionContext} from './encryption-context.js'
import {FINAL_FRAME_MARKER, MAX_SEQUENCE_NUMBER, bodyAad, frameIv, sealFrame} from './frames.js'
import {MessageHeader, messageIdLength, serializeHeader, serializeHeaderAuth} from './header.js'
import {deriveMessageKeys} from './kdf.js'
import {Keyring, wrapWithKeyrings} from './keyring.js'
import {DEFAULT_FRAME_LENGTH, MessageLimits, assertFrameLength, resolveLimits} from './limits.js'
import {generateSigningKey, serializeFooter} from './signature.js'
import {SPAWN_AT, SignatureHasher} from './signature-worker.js'
import {keepFreedMemory} from './allocator.js'
import {AlgorithmSuiteId, CommitmentPolicy, DEFAULT_COMMITMENT_POLICY, selectEncryptSuite} from './suites.js'

export interface EncryptOptions {
  /** Each adds one or more EDKs; the first makes the data key. */
  keyrings: readonly Keyring[]
  /** Stored in the header and bound to every EDK. Keys may not start with `aws-crypto-`. */
  encryptionContext?: EncryptionContext
  /** Default 0x0578 (0x0378 under forbid-encrypt-allow-decrypt). */
  algorithmSuiteId?: AlgorithmSuiteId
  /** Plaintext bytes per frame. Default 1 MiB. */
  frameLength?: number
  commitmentPolicy?: CommitmentPolicy
  limits?: Partial<MessageLimits>
  /**
   * The plaintext's length, when known (a hint, not checked). For a signed suite, a large one
   * starts the signature worker at once, so that it boots while the data key is made, and no
   * bytes wait for it in copies.
   */
  expectedLength?: number
  /** Called once the data key is made: the keyrings' KMS calls are over (the CLI then settles its local store). */
  onDataKey?: () => void
}

export type PipelineStep = (source: AsyncIterable<Uint8Array | string>) => AsyncGenerator<Buffer>

export interface EncryptStream {
  /** The step for `pipeline(source, transform, sink)`. */
  transform: PipelineStep
  /** Settles once the header is written (rejects if encryption fails before that). */
  header: Promise<MessageInfo>
}

/** An encryption step; nothing happens (no KMS call) until the pipeline pulls from it. */
export function encryptStream(options: EncryptOptions): EncryptStream {
  let settleHeader!: {resolve: (info: MessageInfo) => void; reject: (error: unknown) => void}
  const header = new Promise<MessageInfo>((resolve, reject) => {
    settleHeader = {resolve, reject}
  })
  header.catch(() => {})
  async function* transform(source: AsyncIterable<Uint8Array | string>): AsyncGenerator<Buffer> {
    try {
      yield* encryptMessage(options, source, settleHeader.resolve)
    } catch (error) {
      settleHeader.reject(error)
      throw error
    }
  }
  return {transform, header}
}

async function* encryptMessage(options: EncryptOptions, source: AsyncIterable<Uint8Array | string>, onHeader: (info: MessageInfo) => void): AsyncGenerator<Buffer> {
  const limits = resolveLimits(options.limits)
  const suite = selectEncryptSuite(options.commitmentPolicy ?? DEFAULT_COMMITMENT_POLICY, options.algorithmSuiteId)
  const frameLength = options.frameLength ?? DEFAULT_FRAME_LENGTH
  assertFrameLength(frameLength, limits)
  const encryptionContext = createEncryptionContext(Object.entries(options.encryptionContext ?? {}))
  assertUserEncryptionContext(encryptionContext)
  const signingKey = suite.signature && generateSigningKey(suite.signature)
  if (signingKey) encryptionContext[PUBLIC_KEY_CONTEXT_KEY] = signingKey.publicKeyBase64
  const signer = suite.signature && new SignatureHasher(suite.signature.hash, false, options.expectedLength !== undefined && options.expectedLength >= SPAWN_AT ? 0 : SPAWN_AT)
  try {
    const {dataKey, encryptedDataKeys} = await wrapWithKeyrings(options.keyrings, {suite, encryptionContext})
    options.onDataKey?.()
    if (encryptedDataKeys.length > limits.maxEncryptedDataKeys) {
      dataKey.fill(0)
      throw new UsageError(`${encryptedDataKeys.length} wrapping keys give more encrypted data keys than the limit of ${limits.maxEncryptedDataKeys}`)
    }
    const messageId = randomBytes(messageIdLength(suite.messageFormat))
    const {encryptionKey, commitment} = deriveMessageKeys(suite, dataKey, messageId)
    dataKey.fill(0)
    try {
      const header: MessageHeader = {
        version: suite.messageFormat, suite, messageId, encryptionContext, encryptedDataKeys,
        contentType: 'framed', frameLength, suiteData: commitment,
      }
      const headerBytes = serializeHeader(header)
      const headerIv = Buffer.alloc(suite.ivLength)
      const {tag} = sealFrame(suite, encryptionKey, headerIv, headerBytes, Buffer.alloc(0))
      const authBytes = serializeHeaderAuth(suite.messageFormat, {iv: headerIv, tag})
      if (headerBytes.length + authBytes.length > limits.maxHeaderBytes) throw new UsageError(`the header would be larger than the limit of ${limits.maxHeaderBytes} bytes`)
      signer?.update(headerBytes)
      signer?.update(authBytes)
      onHeader(describeHeader(header, headerBytes.length + authBytes.length))
      yield headerBytes
      yield authBytes
      keepFreedMemory()

      // Input is copied into one frame buffer, or sealed in place: chunks are never kept, so a source may reuse them.
      let frame: Buffer | undefined
      let pending = 0
      let sequenceNumber = 1
      try {
        for await (const chunk of source) {
          const input = toBuffer(chunk)
          for (let offset = 0; offset < input.length;) {
            if (pending === 0 && input.length - offset >= frameLength) {
              // A whole frame in the chunk is sealed from it, without a copy (sealing is done before the next pull).
              if (sequenceNumber > MAX_SEQUENCE_NUMBER) throw new UsageError('the input is too large for one message at this frame length')
              yield* emitFrame(false, sequenceNumber++, input.subarray(offset, offset + frameLength))
              offset += frameLength
              continue
            }
            frame ??= Buffer.allocUnsafe(frameLength)
            const copied = input.copy(frame, pending, offset, offset + frameLength - pending)
            pending += copied
            offset += copied
            if (pending === frameLength) {
              if (sequenceNumber > MAX_SEQUENCE_NUMBER) throw new UsageError('the input is too large for one message at this frame length')
              yield* emitFrame(false, sequenceNumber++, frame)
              pending = 0
            }
          }
        }
        yield* emitFrame(true, sequenceNumber, (frame ?? Buffer.alloc(0)).subarray(0, pending))
        if (signer && signingKey) {
          for (const part of serializeFooter(await signer.sign(signingKey.privateKey))) yield part
        }
      } finally {
        frame?.fill(0)
      }

      function* emitFrame(final: boolean, seq: number, plaintext: Buffer): Generator<Buffer> {
        const iv = frameIv(seq, suite.ivLength)
        const aad = bodyAad(messageId, final ? 'final-frame' : 'frame', seq, plaintext.length)
        const sealed = sealFrame(suite, encryptionKey, iv, aad, plaintext)
        const frameHeader = Buffer.allocUnsafe(final ? 12 + iv.length : 4 + iv.length)
        if (final) {
          frameHeader.writeUInt32BE(FINAL_FRAME_MARKER, 0)
          frameHeader.writeUInt32BE(seq, 4)
          iv.copy(frameHeader, 8)
          frameHeader.writeUInt32BE(plaintext.length, 8 + iv.length)
        } else {
          frameHeader.writeUInt32BE(seq, 0)
          iv.copy(frameHeader, 4)
        }
        signer?.update(frameHeader)
        yield frameHeader
        for (const part of sealed.ciphertext) {
          signer?.update(part)
          yield part
        }
        signer?.update(sealed.tag)
        yield sealed.tag
      }
    } finally {
      encryptionKey.fill(0)
    }
  } finally {
    signer?.close()
  }
}
