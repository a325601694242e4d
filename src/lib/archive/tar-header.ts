/**
 * The tar headers `packDirectory` writes: POSIX ustar blocks, with a pax extended header in front
 * when a value does not fit ustar. Reading is tar-parse.ts; this file only writes.
 *
 *   [pax header block 'x'][pax records, padded to 512]   only when needed
 *   [ustar header block]                                 512 bytes
 *   [content, padded to 512]                             regular files only
 *
 * A value goes to pax when ustar cannot hold it exactly: a name or link target that is not
 * ASCII or is over 100 bytes (`path`, `linkpath`), a size of 8 GiB or more (`size`; the ustar
 * field then holds it in base-256, as GNU tar does), an mtime before 1970 or after the year 4147
 * (`mtime`). Owner is 0:0 with no user or group names.
 */

export const BLOCK = 512

export interface TarHeader {
  /** Full entry name; directories end with `/`. */
  name: string
  type: 'file' | 'directory' | 'symlink'
  /** Permission bits, 0o7777 at most. */
  mode: number
  size: number
  /** Whole seconds since the epoch. */
  mtime: number
  linkname?: string
}

const TYPEFLAG = {file: '0', directory: '5', symlink: '2', pax: 'x'} as const
const OCTAL_11_LIMIT = 8 ** 11

/** Rounds a length up to whole 512-byte blocks. */
export function padToBlock(length: number): number {
  return Math.ceil(length / BLOCK) * BLOCK
}

/** How many bytes `writeHeader` writes for this header. */
export function headerLength(header: TarHeader): number {
  const records = encodePaxRecords(header)
  return records === undefined ? BLOCK : 2 * BLOCK + padToBlock(records.length)
}

/**
 * Writes the header (with its pax extended header when needed) into `target` at `offset`, as
 * whole blocks, and returns the length written.
 */
export function writeHeader(header: TarHeader, target: Buffer, offset: number): number {
  const records = encodePaxRecords(header)
  if (records === undefined) {
    writeUstar(target, offset, header, header.name, header.linkname ?? '', header.type, header.size)
    return BLOCK
  }
  const paxLength = padToBlock(records.length)
  writeUstar(target, offset, header, 'PaxHeader', '', 'pax', records.length)
  records.copy(target, offset + BLOCK)
  target.fill(0, offset + BLOCK + records.length, offset + BLOCK + paxLength)
  writeUstar(target, offset + BLOCK + paxLength, header, toUstarText(header.name), toUstarText(header.linkname ?? ''), header.type, header.size)
  return 2 * BLOCK + paxLength
}

/** The header as a new buffer. */
export function encodeHeader(header: TarHeader): Buffer {
  const out = Buffer.allocUnsafe(headerLength(header))
  writeHeader(header, out, 0)
  return out
}

function encodePaxRecords(header: TarHeader): Buffer | undefined {
  const fitsUstar = fitsUstarText(header.name) && (header.linkname === undefined || fitsUstarText(header.linkname)) &&
    header.size < OCTAL_11_LIMIT && header.mtime >= 0 && header.mtime < OCTAL_11_LIMIT
  if (fitsUstar) return undefined
  const records: string[] = []
  if (!fitsUstarText(header.name)) records.push(paxRecord('path', header.name))
  if (header.linkname !== undefined && !fitsUstarText(header.linkname)) records.push(paxRecord('linkpath', header.linkname))
  if (header.size >= OCTAL_11_LIMIT) records.push(paxRecord('size', String(header.size)))
  if (header.mtime < 0 || header.mtime >= OCTAL_11_LIMIT) records.push(paxRecord('mtime', String(header.mtime)))
  return Buffer.from(records.join(''), 'utf8')
}

/** A pax record: `<length> <key>=<value>\n`, where the length counts itself, in bytes. */
function paxRecord(key: string, value: string): string {
  const body = ` ${key}=${value}\n`
  const bodyLength = Buffer.byteLength(body)
  let length = bodyLength + String(bodyLength).length
  if (String(length).length + bodyLength !== length) length = bodyLength + String(length).length
  return `${length}${body}`
}

function fitsUstarText(text: string): boolean {
  return text.length <= 100 && /^[\x01-\x7f]*$/.test(text)
}

/** What a reader without pax support sees: ASCII, at most 100 bytes. */
function toUstarText(text: string): string {
  return text.replace(/[^\x01-\x7f]/g, '_').slice(0, 100)
}

/** A ustar block with the fields that never change here: owner 0:0, magic, device numbers. */
const TEMPLATE = (() => {
  const block = Buffer.alloc(BLOCK)
  writeOctal(block, 108, 8, 0)
  writeOctal(block, 116, 8, 0)
  block.write('ustar\u000000', 257, 8, 'latin1')
  writeOctal(block, 329, 8, 0)
  writeOctal(block, 337, 8, 0)
  return block
})()

function writeUstar(target: Buffer, offset: number, header: TarHeader, name: string, linkname: string, type: keyof typeof TYPEFLAG, size: number): void {
  TEMPLATE.copy(target, offset)
  target.write(name, offset, 100, 'latin1')
  writeOctal(target, offset + 100, 8, header.mode & 0o7777)
  if (size < OCTAL_11_LIMIT) writeOctal(target, offset + 124, 12, size)
  else writeBase256(target, offset + 124, 12, size)
  writeOctal(target, offset + 136, 12, header.mtime >= 0 && header.mtime < OCTAL_11_LIMIT ? header.mtime : 0)
  target[offset + 156] = TYPEFLAG[type].charCodeAt(0)
  if (linkname !== '') target.write(linkname, offset + 157, 100, 'latin1')
  target.fill(0x20, offset + 148, offset + 156)
  let sum = 0
  for (let i = offset; i < offset + BLOCK; i++) sum += target[i]
  writeOctal(target, offset + 148, 7, sum)
  target[offset + 155] = 0x20
}

/** Zero-padded octal digits followed by a NUL, filling the field. */
function writeOctal(block: Buffer, offset: number, length: number, value: number): void {
  let rest = value
  for (let i = offset + length - 2; i >= offset; i--) {
    block[i] = 0x30 + (rest % 8)
    rest = Math.floor(rest / 8)
  }
  block[offset + length - 1] = 0
}
/** GNU's base-256 form: 0x80, then the value big-endian. */
function writeBase256(block: Buffer, offset: number, length: number, value: number): void {
  block[offset] = 0x80
  let rest = value
  for (let i = offset + length - 1; i > offset; i--) {
    block[i] = rest % 256
    rest = Math.floor(rest / 256)
  }
}
