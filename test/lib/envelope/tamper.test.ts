import {mkdtempSync, readdirSync, writeFileSync} from 'node:fs'
import {tmpdir} from 'node:os'
import {join} from 'node:path'
import {Readable} from 'node:stream'
import {beforeAll, describe, expect, it} from 'vitest'
import {ExitCode, IntegrityError} from '../../../src/lib/errors.js'
import {decryptBuffer, decryptFile, encryptBuffer, inspectMessage, type AlgorithmSuiteId} from '../../../src/lib/envelope/index.js'
import {createTestKeyring, randomPlaintext} from './fixtures.js'

const F = 8
const REGULAR_FRAME = 4 + 12 + F + 16

async function expectIntegrityFailure(ciphertext: Buffer, encryptionContext?: Record<string, string>): Promise<void> {
  const error = await decryptBuffer(ciphertext, {keyrings: [createTestKeyring()], encryptionContext}).then(() => undefined, (e) => e)
  expect(error).toBeInstanceOf(IntegrityError)
  expect(error.exitCode).toBe(ExitCode.Integrity)
}

for (const suite of [0x0578, 0x0478] as AlgorithmSuiteId[]) {
  describe(`tampering with a small suite 0x0${suite.toString(16)} message of frame length ${F}`, () => {
    const plaintext = randomPlaintext(3 * F + 3)
    let message: Buffer
    let headerLength: number
    const frame = (n: number): Buffer => message.subarray(headerLength + (n - 1) * REGULAR_FRAME, headerLength + n * REGULAR_FRAME)
    const bodyStart = (): Buffer => message.subarray(0, headerLength)
    const afterFrames = (n: number): Buffer => message.subarray(headerLength + n * REGULAR_FRAME)

    beforeAll(async () => {
      message = (await encryptBuffer(plaintext, {keyrings: [createTestKeyring()], algorithmSuiteId: suite, frameLength: F, encryptionContext: {purpose: 'tamper'}})).ciphertext
      headerLength = (await inspectMessage(Readable.from([message]))).HeaderLength
      expect((await decryptBuffer(message, {keyrings: [createTestKeyring()]})).plaintext.equals(plaintext)).toBe(true)
    })

    it('fails when truncated at every offset (FORMAT.md §Decrypt)', async () => {
      for (let end = 0; end < message.length; end++) await expectIntegrityFailure(message.subarray(0, end))
    })

    it('fails when any single bit is flipped (FORMAT.md §Decrypt)', async () => {
      for (let bit = 0; bit < message.length * 8; bit++) {
        const tampered = Buffer.from(message)
        tampered[bit >> 3] ^= 1 << (bit & 7)
        await expectIntegrityFailure(tampered)
      }
    })

    it('fails when a frame is dropped (FORMAT.md §Body)', async () => {
      await expectIntegrityFailure(Buffer.concat([bodyStart(), frame(1), frame(3), afterFrames(3)]))
    })

    it('fails when a frame is duplicated (FORMAT.md §Body)', async () => {
      await expectIntegrityFailure(Buffer.concat([bodyStart(), frame(1), frame(1), frame(2), frame(3), afterFrames(3)]))
    })

    it('fails when two frames are swapped (FORMAT.md §Body)', async () => {
      await expectIntegrityFailure(Buffer.concat([bodyStart(), frame(2), frame(1), frame(3), afterFrames(3)]))
    })

    it('fails when bytes are appended (FORMAT.md §Decrypt)', async () => {
      for (const extra of [Buffer.alloc(1), Buffer.from('trailing'), frame(1)]) await expectIntegrityFailure(Buffer.concat([message, extra]))
    })

    it('fails when the reproduced encryption context differs (FORMAT.md §Required encryption context)', async () => {
      await expectIntegrityFailure(message, {purpose: 'other'})
      await expectIntegrityFailure(message, {extra: 'pair'})
    })

    it('fails under another wrapping key (FORMAT.md §Raw AES keyring)', async () => {
      const error = await decryptBuffer(message, {keyrings: [createTestKeyring(Buffer.alloc(32, 9))]}).catch((e) => e)
      expect(error).toBeInstanceOf(IntegrityError)
    })

    it('leaves no output file when decrypting a truncated or flipped file through decryptFile (FORMAT.md §Files)', async () => {
      const dir = mkdtempSync(join(tmpdir(), 'kms-tamper-'))
      const input = join(dir, 'in.kms')
      const output = join(dir, 'out')
      const cases = [message.subarray(0, message.length - 1), message.subarray(0, headerLength + REGULAR_FRAME + 3), Buffer.concat([message, Buffer.alloc(1)])]
      for (let bit = 0; bit < message.length * 8; bit += 37) {
        const tampered = Buffer.from(message)
        tampered[bit >> 3] ^= 1 << (bit & 7)
        cases.push(tampered)
      }
      for (const tampered of cases) {
        writeFileSync(input, tampered)
        await expect(decryptFile({input, output, keyrings: [createTestKeyring()]})).rejects.toBeInstanceOf(IntegrityError)
        expect(readdirSync(dir)).toEqual(['in.kms'])
      }
    })
  })
}
