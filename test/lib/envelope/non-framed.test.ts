import {randomBytes} from 'node:crypto'
import {describe, expect, it} from 'vitest'
import {IntegrityError} from '../../../src/lib/errors.js'
import {createEncryptionContext} from '../../../src/lib/envelope/encryption-context.js'
import {bodyAad, frameIv, sealFrame} from '../../../src/lib/envelope/frames.js'
import {MessageHeader, serializeHeader, serializeHeaderAuth} from '../../../src/lib/envelope/header.js'
import {ALGORITHM_SUITES, decryptBuffer} from '../../../src/lib/envelope/index.js'
import {deriveMessageKeys} from '../../../src/lib/envelope/kdf.js'
import {createTestKeyring} from './fixtures.js'

/** Builds a v1 non-framed message by hand, as FORMAT.md §Body describes it (we never write one). */
async function buildNonFramedMessage(plaintext: Buffer, suiteId: number): Promise<Buffer> {
  const suite = ALGORITHM_SUITES.get(suiteId)!
  const encryptionContext = createEncryptionContext([['purpose', 'non-framed']])
  const {dataKey, encryptedDataKeys} = await createTestKeyring().wrapDataKey({suite, encryptionContext})
  const messageId = randomBytes(16)
  const {encryptionKey} = deriveMessageKeys(suite, dataKey, messageId)
  const header: MessageHeader = {version: 1, suite, messageId, encryptionContext, encryptedDataKeys, contentType: 'non-framed', frameLength: 0}
  const headerBytes = serializeHeader(header)
  const headerIv = Buffer.alloc(12)
  const auth = serializeHeaderAuth(1, {iv: headerIv, tag: sealFrame(suite, encryptionKey, headerIv, headerBytes, Buffer.alloc(0)).tag})
  const iv = frameIv(1)
  const sealed = sealFrame(suite, encryptionKey, iv, bodyAad(messageId, 'single-block', 1, plaintext.length), plaintext)
  const length = Buffer.alloc(8)
  length.writeBigUInt64BE(BigInt(plaintext.length))
  return Buffer.concat([headerBytes, auth, iv, length, ...sealed.ciphertext, sealed.tag])
}

describe('non-framed bodies', () => {
  for (const suiteId of [0x0014, 0x0178]) {
    it(`decrypts a non-framed message with suite 0x0${suiteId.toString(16).padStart(3, '0')} (FORMAT.md §Body)`, async () => {
      const plaintext = randomBytes(100_000)
      const message = await buildNonFramedMessage(plaintext, suiteId)
      const {plaintext: out, info} = await decryptBuffer(message, {keyrings: [createTestKeyring()], commitmentPolicy: 'require-encrypt-allow-decrypt'})
      expect(out.equals(plaintext)).toBe(true)
      expect(info.ContentType).toBe('non-framed')
    })
  }

  it('fails a non-framed message that is truncated, flipped or extended (FORMAT.md §Decrypt)', async () => {
    const message = await buildNonFramedMessage(randomBytes(64), 0x0178)
    const flipped = Buffer.from(message)
    flipped[message.length - 40] ^= 1
    for (const tampered of [message.subarray(0, message.length - 1), flipped, Buffer.concat([message, Buffer.alloc(1)])]) {
      await expect(decryptBuffer(tampered, {keyrings: [createTestKeyring()], commitmentPolicy: 'require-encrypt-allow-decrypt'})).rejects.toBeInstanceOf(IntegrityError)
    }
  })

  it('refuses a non-framed body longer than maxFrameLength before reading it (FORMAT.md §Limits)', async () => {
    const message = await buildNonFramedMessage(randomBytes(2048), 0x0178)
    const error = await decryptBuffer(message, {keyrings: [createTestKeyring()], commitmentPolicy: 'require-encrypt-allow-decrypt', limits: {maxFrameLength: 1024}}).catch((e) => e)
    expect(error).toBeInstanceOf(IntegrityError)
    expect(error.hints.join(' ')).toMatch(/non-framed body of 2048 bytes/)
  })

  it('refuses a header larger than maxHeaderBytes with a hint (FORMAT.md §Limits)', async () => {
    const message = await buildNonFramedMessage(randomBytes(10), 0x0178)
    const error = await decryptBuffer(message, {keyrings: [createTestKeyring()], commitmentPolicy: 'require-encrypt-allow-decrypt', limits: {maxHeaderBytes: 64}}).catch((e) => e)
    expect(error).toBeInstanceOf(IntegrityError)
    expect(error.hints.join(' ')).toMatch(/maxHeaderBytes/)
  })
})
