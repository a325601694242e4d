import {Readable} from 'node:stream'
import fc from 'fast-check'
import {describe, expect, it} from 'vitest'
import {decryptStream, encryptStream, inspectMessage, type AlgorithmSuiteId} from '../../../src/lib/envelope/index.js'
import {createTestKeyring, randomPlaintext, runStep} from './fixtures.js'

const F = 16
const SIZES = [0, 1, F - 1, F, F + 1, 2 * F, 2 * F + 1]
const CHUNK_SIZES = [1, 7, F - 1, F, F + 1]

async function roundTrip(plaintext: Buffer, chunkSize: number, algorithmSuiteId?: AlgorithmSuiteId, frameLength = F): Promise<Buffer> {
  const keyrings = [createTestKeyring()]
  const policy = algorithmSuiteId !== undefined && algorithmSuiteId < 0x0478 ? 'forbid-encrypt-allow-decrypt' : undefined
  const ciphertext = await runStep(encryptStream({keyrings, frameLength, algorithmSuiteId, commitmentPolicy: policy}).transform, plaintext, chunkSize)
  const decryption = decryptStream({keyrings, commitmentPolicy: policy ?? 'require-encrypt-require-decrypt'})
  const decrypted = await runStep(decryption.transform, ciphertext, chunkSize)
  await decryption.verified
  return decrypted
}

describe('boundary round trips with frame length 16', () => {
  for (const size of SIZES) {
    for (const chunkSize of CHUNK_SIZES) {
      it(`returns ${size} bytes fed in ${chunkSize}-byte chunks unchanged (FORMAT.md §Body)`, async () => {
        const plaintext = randomPlaintext(size)
        expect((await roundTrip(plaintext, chunkSize)).equals(plaintext)).toBe(true)
      })
    }
  }

  it('writes one regular frame and an empty final frame when the plaintext fills exactly one frame (FORMAT.md §Body)', async () => {
    const ciphertext = await runStep(encryptStream({keyrings: [createTestKeyring()], frameLength: F, algorithmSuiteId: 0x0478}).transform, randomPlaintext(F))
    const finalFrame = 4 + 4 + 12 + 4 + 0 + 16
    const regularFrame = 4 + 12 + F + 16
    const {HeaderLength} = await inspectMessage(Readable.from([ciphertext]))
    expect(ciphertext.length).toBe(HeaderLength + regularFrame + finalFrame)
    expect(ciphertext.readUInt32BE(HeaderLength + regularFrame)).toBe(0xffffffff)
    expect(ciphertext.readUInt32BE(ciphertext.length - 16 - 4)).toBe(0)
  })
})

/** A source that reuses one buffer and scribbles over it as soon as the next chunk is asked for. */
async function* reusingSource(input: Buffer, chunkSize: number): AsyncGenerator<Buffer> {
  const buffer = Buffer.alloc(chunkSize)
  for (let offset = 0; offset < input.length; offset += chunkSize) {
    const length = input.copy(buffer, 0, offset, offset + chunkSize)
    yield buffer.subarray(0, length)
    buffer.fill(0xaa)
  }
}

async function collect(chunks: AsyncIterable<Buffer>): Promise<Buffer> {
  const parts: Buffer[] = []
  for await (const chunk of chunks) parts.push(Buffer.from(chunk))
  return Buffer.concat(parts)
}

describe('sources that reuse their buffer', () => {
  for (const chunkSize of [1, 7, F + 1, 100]) {
    it(`encrypt and decrypt keep no view of a chunk once the next is pulled (${chunkSize}-byte chunks) (FORMAT.md §Streaming)`, async () => {
      const keyrings = [createTestKeyring()]
      const plaintext = randomPlaintext(5 * F + 3)
      const ciphertext = await collect(encryptStream({keyrings, frameLength: F}).transform(reusingSource(plaintext, chunkSize)))
      const decrypted = await collect(decryptStream({keyrings}).transform(reusingSource(ciphertext, chunkSize)))
      expect(decrypted.equals(plaintext)).toBe(true)
    })
  }
})

describe('every algorithm suite we can write', () => {
  for (const id of [0x0014, 0x0046, 0x0078, 0x0114, 0x0146, 0x0178, 0x0214, 0x0346, 0x0378, 0x0478, 0x0578] as AlgorithmSuiteId[]) {
    it(`round-trips suite 0x${id.toString(16).padStart(4, '0')} (FORMAT.md §Algorithm suites)`, async () => {
      const plaintext = randomPlaintext(3 * F + 5)
      expect((await roundTrip(plaintext, 7, id)).equals(plaintext)).toBe(true)
    })
  }
})

describe('properties', () => {
  it('decrypt∘encrypt is the identity for any plaintext, frame length and chunking (FORMAT.md §Body)', async () => {
    await fc.assert(fc.asyncProperty(
      fc.uint8Array({maxLength: 300}), fc.integer({min: 1, max: 64}), fc.integer({min: 1, max: 100}), fc.constantFrom<AlgorithmSuiteId>(0x0478, 0x0578),
      async (bytes, frameLength, chunkSize, suite) => {
        const plaintext = Buffer.from(bytes)
        expect((await roundTrip(plaintext, chunkSize, suite, frameLength)).equals(plaintext)).toBe(true)
      }), {numRuns: 60})
  })
})
