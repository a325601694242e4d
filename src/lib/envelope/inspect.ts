/**
 * `inspect`: read a message's header and describe it, with no key and no KMS call. The header
 * is parsed under the same limits as decrypt but not authenticated (FORMAT.md §Inspect).
 */
import {createReadStream} from 'node:fs'
import {stat} from 'node:fs/promises'
import {InputReader} from './input-reader.js'
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
