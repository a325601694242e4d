/**
 * Reads a file in 1 MiB chunks into two buffers used in turn, the next read running while the
 * current chunk is processed. Fresh 1 MiB buffers cost a page fault per 4 KiB on every read
 * (measured: 3 to 10 times slower than reuse). The contract: a chunk is valid only until the
 * next one is pulled, which holds for our encrypt and decrypt steps (they copy what they keep).
 */
import {open} from 'node:fs/promises'
import {resolveLimits, type MessageLimits} from './limits.js'
import {InputRing} from './signature-worker.js'

export const READ_CHUNK_SIZE = 1024 * 1024

export async function* readFileChunks(path: string, chunkSize = READ_CHUNK_SIZE): AsyncGenerator<Buffer> {
  const handle = await open(path, 'r')
  const buffers = [Buffer.allocUnsafe(chunkSize), Buffer.allocUnsafe(chunkSize)]
  let index = 0
  let pending = handle.read(buffers[index], 0, chunkSize, null)
  try {
    for (;;) {
      const {bytesRead} = await pending
      if (bytesRead === 0) return
      const current = buffers[index].subarray(0, bytesRead)
      index ^= 1
      pending = handle.read(buffers[index], 0, chunkSize, null)
      yield current
    }
  } finally {
    await pending.catch(() => undefined)
    await handle.close()
  }
}

/** Inputs from this size on are read into an InputRing when decrypted: the signature is then hashed without a copy. */
export const RING_INPUT_FROM = 4 * 1024 * 1024

/**
 * Reads a file into an InputRing (signature-worker.ts), the next read running while the current
 * chunk is processed; for `decryptStream({inputRing})`. A chunk is a view of the ring, valid until
 * the next is pulled; the ring reuses it once it is consumed (and hashed).
 */
export async function* readFileIntoRing(path: string, ring: InputRing, chunkSize = READ_CHUNK_SIZE): AsyncGenerator<Buffer> {
  const handle = await open(path, 'r')
  let view = ring.reserve(chunkSize)
  let pending = handle.read(view, 0, view.length, null)
  try {
    for (;;) {
      const {bytesRead} = await pending
      if (bytesRead === 0) return
      ring.wrote(bytesRead)
      const current = view.subarray(0, bytesRead)
      view = ring.reserve(chunkSize)
      pending = handle.read(view, 0, view.length, null)
      yield current
    }
  } finally {
    await pending.catch(() => undefined)
    await handle.close()
  }
}

/**
 * What decrypting the file `path` reads: an InputRing when the file is large (and the header
 * limit leaves the ring room to read ahead), else plain chunks.
 */
export function decryptInput(path: string, size: number | undefined, limits?: Partial<MessageLimits>): {source: AsyncGenerator<Buffer>; inputRing?: InputRing} {
  if (size === undefined || size < RING_INPUT_FROM || resolveLimits(limits).maxHeaderBytes > InputRing.MAX_UNCONSUMED) return {source: readFileChunks(path)}
  const inputRing = new InputRing()
  return {source: readFileIntoRing(path, inputRing), inputRing}
}
