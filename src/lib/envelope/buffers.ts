/**
 * Whole-buffer helpers over the streaming steps, for small messages (tests, keys, archives'
 * metadata). Large data should go through the streams.
 */
import {Readable} from 'node:stream'
import {DecryptOptions, decryptStream} from './decrypt.js'
import {MessageInfo} from './describe.js'
import {EncryptOptions, PipelineStep, encryptStream} from './encrypt.js'

export async function encryptBuffer(plaintext: Uint8Array, options: EncryptOptions): Promise<{ciphertext: Buffer; info: MessageInfo}> {
  const stream = encryptStream(options)
  const ciphertext = await collect(stream.transform, plaintext)
  return {ciphertext, info: await stream.header}
}

export async function decryptBuffer(ciphertext: Uint8Array, options: DecryptOptions): Promise<{plaintext: Buffer; info: MessageInfo}> {
  const stream = decryptStream(options)
  const plaintext = await collect(stream.transform, ciphertext)
  return {plaintext, info: await stream.verified}
}

async function collect(step: PipelineStep, input: Uint8Array): Promise<Buffer> {
  const parts: Buffer[] = []
  for await (const part of step(Readable.from([Buffer.from(input.buffer, input.byteOffset, input.byteLength)]))) parts.push(part)
  return Buffer.concat(parts)
}
