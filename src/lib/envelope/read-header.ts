/** Reads a header from the front of a stream, within the header size limit. */
import {IntegrityError} from '../errors.js'
import {InputReader} from './input-reader.js'
import {ParsedHeader, parseHeader} from './header.js'
import {MessageLimits} from './limits.js'

/** Pulls input until the header and its authentication parse; consumes nothing. */
export async function readHeader(reader: InputReader, limits: MessageLimits): Promise<ParsedHeader> {
  for (;;) {
    if (!(await reader.ensure(reader.buffered + 1))) throw new IntegrityError()
    const parsed = parseHeader(reader.peek().subarray(0, limits.maxHeaderBytes), limits)
    if (parsed !== undefined) return parsed
    if (reader.buffered >= limits.maxHeaderBytes) {
      throw new IntegrityError({hint: `the header is larger than the limit of ${limits.maxHeaderBytes} bytes (maxHeaderBytes)`})
    }
  }
}
