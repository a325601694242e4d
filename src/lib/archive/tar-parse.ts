/**
 * Tar stream → events, synchronously, chunk by chunk: `entry` (a header), then for regular files
 * `data` (subarrays of the input, no copy) and `end`. Reads what POSIX pax, ustar and GNU tar
 * write: pax `x` headers (path, linkpath, size, mtime), GNU long names (`L`, `K`), the ustar
 * prefix field, octal and base-256 numbers. Ignored: pax global headers (`g`), ownership, atime.
 *
 * Strict where sloppiness could hide something: checksums are verified; the magic must be
 * ustar or GNU; an extended header is at most 1 MiB; pax records must be well-formed; the stream
 * must end with the end-of-archive zero block(s), and only zeros may follow it. Sparse files
 * and unknown typeflags come out as type `unknown` (extraction refuses them).
 */
import {InvalidArchiveError} from './errors.js'
import {BLOCK, padToBlock} from './tar-header.js'

export type TarEntryType = 'file' | 'directory' | 'symlink' | 'link' | 'character-device' | 'block-device' | 'fifo' | 'unknown'

export interface TarEntryHeader {
  name: string
  type: TarEntryType
  /** The typeflag as stored (`0`, `5`, `S`, ...). */
  typeflag: string
  size: number
  /** Permission bits as stored, 0o7777 at most. */
  mode: number
  mtime: Date
  /** Target of a symbolic or hard link; `''` otherwise. */
  linkname: string
}

export type TarEvent = {kind: 'entry'; header: TarEntryHeader} | {kind: 'data'; chunk: Buffer} | {kind: 'end'}

const MAX_EXTENDED = 1024 * 1024
const TYPES: Record<string, TarEntryType> = {
  '0': 'file', '\0': 'file', '7': 'file', '1': 'link', '2': 'symlink', '3': 'character-device', '4': 'block-device', '5': 'directory', '6': 'fifo',
}

interface Extended {
  path?: string
  linkpath?: string
  size?: number
  mtime?: number
  sparse?: boolean
}

export class TarParser {
  private state: 'header' | 'data' | 'skip' | 'extended' | 'end' = 'header'
  private readonly block = Buffer.alloc(BLOCK)
  private filled = 0
  /** Bytes left in the current state: data of a file, bytes to skip, extended data to gather. */
  private remaining = 0
  private padding = 0
  private extendedKind = ''
  private extendedData = Buffer.alloc(0)
  private extended: Extended = {}

  /** Checks that the stream ended where an archive may end. */
  finish(): void {
    if (this.state !== 'end') throw new InvalidArchiveError('the archive is truncated (no end-of-archive marker)')
  }

  /** Parses a chunk; the events' data are subarrays of it. */
  *push(chunk: Uint8Array): Generator<TarEvent> {
    const input = Buffer.isBuffer(chunk) ? chunk : Buffer.from(chunk.buffer, chunk.byteOffset, chunk.byteLength)
    let offset = 0
    while (offset < input.length) {
      const available = input.length - offset
      if (this.state === 'header') {
        let block: Buffer
        if (this.filled === 0 && available >= BLOCK) {
          block = input.subarray(offset, offset + BLOCK)
          offset += BLOCK
        } else {
          const count = Math.min(BLOCK - this.filled, available)
          input.copy(this.block, this.filled, offset, offset + count)
          this.filled += count
          offset += count
          if (this.filled < BLOCK) return
          block = this.block
          this.filled = 0
        }
        yield* this.readHeader(block)
      } else if (this.state === 'data') {
        const count = Math.min(this.remaining, available)
        yield {kind: 'data', chunk: input.subarray(offset, offset + count)}
        offset += count
        this.remaining -= count
        if (this.remaining === 0) {
          yield {kind: 'end'}
          this.skip(this.padding)
        }
      } else if (this.state === 'skip') {
        const count = Math.min(this.remaining, available)
        offset += count
        this.remaining -= count
        if (this.remaining === 0) this.state = 'header'
      } else if (this.state === 'extended') {
        const count = Math.min(this.remaining, available)
        const start = this.extendedData.length - this.remaining
        input.copy(this.extendedData, start, offset, offset + count)
        offset += count
        this.remaining -= count
        if (this.remaining === 0) {
          this.readExtended()
          this.skip(this.padding)
        }
      } else {
        for (let i = offset; i < input.length; i++) if (input[i] !== 0) throw new InvalidArchiveError('data follows the end-of-archive marker')
        offset = input.length
      }
    }
  }

  private *readHeader(block: Buffer): Generator<TarEvent> {
    if (isZeroBlock(block)) {
      if (this.extendedKind !== '' || Object.keys(this.extended).length > 0) throw new InvalidArchiveError('an extended header is not followed by an entry')
      this.state = 'end'
      return
    }
    checkHeaderBlock(block)
    const typeflag = String.fromCharCode(block[156])
    const size = readNumber(block, 124, 12, 'size')
    if (typeflag === 'x' || typeflag === 'g' || typeflag === 'L' || typeflag === 'K') {
      if (size > MAX_EXTENDED) throw new InvalidArchiveError(`an extended header of ${size} bytes is over the 1 MiB limit`)
      this.extendedKind = typeflag
      this.extendedData = Buffer.alloc(size)
      this.remaining = size
      this.padding = padToBlock(size) - size
      this.state = 'extended'
      if (size === 0) {
        this.readExtended()
        this.skip(0)
      }
      return
    }
    const header = this.toEntryHeader(block, typeflag, size)
    this.extended = {}
    yield {kind: 'entry', header}
    if (header.type !== 'file' && header.type !== 'unknown') {
      this.skip(padToBlock(header.size))
    } else if (header.size === 0) {
      yield {kind: 'end'}
    } else {
      this.remaining = header.size
      this.padding = padToBlock(header.size) - header.size
      this.state = 'data'
    }
  }

  private toEntryHeader(block: Buffer, typeflag: string, size: number): TarEntryHeader {
    const posix = block.toString('latin1', 257, 263) === 'ustar\0'
    let name = this.extended.path ?? readText(block, 0, 100)
    if (this.extended.path === undefined && posix && block[345] !== 0) name = `${readText(block, 345, 155)}/${name}`
    let type = TYPES[typeflag] ?? 'unknown'
    if (typeflag === '\0' && name.endsWith('/')) type = 'directory'
    if (this.extended.sparse) type = 'unknown'
    const mtime = this.extended.mtime ?? readNumber(block, 136, 12, 'mtime')
    return {
      name,
      type,
      typeflag,
      size: this.extended.size ?? size,
      mode: readNumber(block, 100, 8, 'mode') & 0o7777,
      mtime: new Date(mtime * 1000),
      linkname: this.extended.linkpath ?? readText(block, 157, 100),
    }
  }

  private readExtended(): void {
    const data = this.extendedData
    const kind = this.extendedKind
    this.extendedKind = ''
    this.extendedData = Buffer.alloc(0)
    if (kind === 'L') this.extended.path = readText(data, 0, data.length)
    else if (kind === 'K') this.extended.linkpath = readText(data, 0, data.length)
    else if (kind === 'x') Object.assign(this.extended, readPaxRecords(data))
    else readPaxRecords(data)
  }

  private skip(count: number): void {
    this.remaining = count
    this.state = count === 0 ? 'header' : 'skip'
  }
}

function isZeroBlock(block: Buffer): boolean {
  for (let i = 0; i < BLOCK; i++) if (block[i] !== 0) return false
  return true
}

/** Checksum (unsigned, or signed as some old tars wrote it) and magic: POSIX `ustar\000` or GNU `ustar  \0`. */
function checkHeaderBlock(block: Buffer): void {
  let unsigned = 0
  let signed = 0
  for (let i = 0; i < BLOCK; i++) {
    const byte = i >= 148 && i < 156 ? 0x20 : block[i]
    unsigned += byte
    signed += byte > 127 ? byte - 256 : byte
  }
  const stored = readNumber(block, 148, 8, 'checksum')
  if (stored !== unsigned && stored !== signed) throw new InvalidArchiveError('a header checksum does not match')
  const magic = block.toString('latin1', 257, 265)
  if (magic !== 'ustar\u000000' && magic !== 'ustar  \0') throw new InvalidArchiveError('a header is not in ustar, pax or GNU format')
}

/** Octal (leading spaces or zeros, ended by a space or NUL), or base-256 when the high bit is set. */
function readNumber(block: Buffer, offset: number, length: number, field: string): number {
  const first = block[offset]
  if (first === 0x80 || first === 0xff) {
    let value = 0
    for (let i = offset + 1; i < offset + length; i++) value = value * 256 + (first === 0xff ? 0xff - block[i] : block[i])
    if (value > Number.MAX_SAFE_INTEGER) throw new InvalidArchiveError(`a header's ${field} is too large`)
    return first === 0xff ? -(value + 1) : value
  }
  let i = offset
  const end = offset + length
  while (i < end && block[i] === 0x20) i++
  let value = 0
  for (; i < end && block[i] !== 0x20 && block[i] !== 0; i++) {
    const digit = block[i] - 0x30
    if (digit < 0 || digit > 7) throw new InvalidArchiveError(`a header's ${field} is not a number`)
    value = value * 8 + digit
  }
  return value
}

/** A NUL-terminated UTF-8 field. */
function readText(block: Buffer, offset: number, length: number): string {
  const nul = block.indexOf(0, offset)
  const end = nul === -1 || nul > offset + length ? offset + length : nul
  return block.toString('utf8', offset, end)
}

/** Pax records `<length> <key>=<value>\n`; keeps path, linkpath, size, mtime and notes sparse files. */
function readPaxRecords(data: Buffer): Extended {
  const extended: Extended = {}
  let offset = 0
  while (offset < data.length) {
    const space = data.indexOf(0x20, offset)
    const length = space === -1 ? Number.NaN : Number(data.toString('latin1', offset, space))
    if (!Number.isInteger(length) || length <= 0 || offset + length > data.length || data[offset + length - 1] !== 0x0a) {
      if (data.subarray(offset).every((byte) => byte === 0)) break
      throw new InvalidArchiveError('a pax extended header is malformed')
    }
    const record = data.toString('utf8', space + 1, offset + length - 1)
    const equals = record.indexOf('=')
    if (equals <= 0) throw new InvalidArchiveError('a pax extended header is malformed')
    applyPaxRecord(extended, record.slice(0, equals), record.slice(equals + 1))
    offset += length
  }
  return extended
}

function applyPaxRecord(extended: Extended, key: string, value: string): void {
  if (key === 'path') extended.path = value
  else if (key === 'linkpath') extended.linkpath = value
  else if (key === 'size') extended.size = readPaxNumber(value, /^\d+$/, key)
  else if (key === 'mtime') extended.mtime = readPaxNumber(value, /^-?\d+(\.\d+)?$/, key)
  else if (key.startsWith('GNU.sparse.')) extended.sparse = true
}

function readPaxNumber(value: string, shape: RegExp, key: string): number {
  const number = Number(value)
  if (!shape.test(value) || !Number.isSafeInteger(Math.trunc(number))) throw new InvalidArchiveError(`a pax ${key} record is not a valid number`)
  return number
}
