/** Small helpers shared by the envelope tests. */
import {randomBytes} from 'node:crypto'
import {Readable} from 'node:stream'
import {Keyring, PipelineStep, createRawAesKeyring} from '../../../src/lib/envelope/index.js'

export const WRAPPING_KEY = Buffer.alloc(32, 7)
export const KEY_NAMESPACE = 'kms-tests'
export const KEY_NAME = 'aes-key-1'

export function createTestKeyring(wrappingKey: Buffer = WRAPPING_KEY, keyName = KEY_NAME): Keyring {
  return createRawAesKeyring({keyNamespace: KEY_NAMESPACE, keyName, wrappingKey})
}

/** Feeds `input` to a step in chunks of `chunkSize` bytes and joins what comes out. */
export async function runStep(step: PipelineStep, input: Buffer, chunkSize = 64 * 1024): Promise<Buffer> {
  const chunks: Buffer[] = []
  for (let offset = 0; offset < input.length; offset += chunkSize) chunks.push(input.subarray(offset, offset + chunkSize))
  const out: Buffer[] = []
  for await (const part of step(Readable.from(chunks))) out.push(part)
  return Buffer.concat(out)
}

export function randomPlaintext(length: number): Buffer {
  return randomBytes(length)
}
