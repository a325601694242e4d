/**
 * `inspect`: read a message's header and describe it, with no key and no KMS call. The header
 * is parsed under the same limits as decrypt but not authenticated (FORMAT.md §Inspect).
 */
import {createReadStream} from 'node:fs'
import {stat} from 'node:fs/promises'
import {InputReader, toBuffer} from './input-reader.js'
import {parseHeader} from './header.js'
import {MessageInfo, describeHeader} from './describe.js'
import {readHeader} from './read-header.js'
import {MessageLimits, resolveLimits} from './limits.js'

export interface InspectOptions {
  limits?: Partial<MessageLimits>
}

export async function inspectMessage(source: AsyncIterable<Uint8Array | string>, options: InspectOptions = {}): Promise<MessageInfo> {
  const limits = resolveLimits(options.limits)
  const reader = new InputReader(source[Symbol.asyncIterator]())
  try {
    const parsed = await readHeader(reader, limits)
    return describeHeader(parsed.header, parsed.length)
  } finally {
    await reader.close()
  }
}

/** Like inspectMessage, and adds BodySize: the bytes after the header. */
export async function inspectFile(path: string, options: InspectOptions = {}): Promise<MessageInfo> {
  const {size} = await stat(path)
  const info = await inspectMessage(createReadStream(path, {highWaterMark: 64 * 1024}), options)
  return {...info, BodySize: size - info.HeaderLength}
}

/**
 * A stream's header, read without losing a byte: its description (undefined when the stream
 * does not start with a message header: decryption then says so), and the whole stream again,
 * the bytes already read first. For stdin, which cannot be read twice.
 */
export async function peekMessage(source: AsyncIterable<Uint8Array | string>, options: InspectOptions = {}): Promise<{info?: MessageInfo; source: AsyncGenerator<Buffer>}> {
  const limits = resolveLimits(options.limits)
  const iterator = source[Symbol.asyncIterator]()
  const seen: Buffer[] = []
  let total = 0
  let info: MessageInfo | undefined
  while (total < limits.maxHeaderBytes) {
    const next = await iterator.next()
    if (next.done) break
    const chunk = toBuffer(next.value)
    seen.push(chunk)
    total += chunk.length
    let parsed
    try {
      parsed = parseHeader(Buffer.concat(seen).subarray(0, limits.maxHeaderBytes), limits)
    } catch {
      break
    }
    if (parsed) {
      info = describeHeader(parsed.header, parsed.length)
      break
    }
  }
  async function* replay(): AsyncGenerator<Buffer> {
    try {
      yield* seen
      for (;;) {
        const next = await iterator.next()
        if (next.done) return
        yield toBuffer(next.value)
      }
    } finally {
      await iterator.return?.()
    }
  }
  return {info, source: replay()}
}
