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
 *
 * The writer is made by `tarHeaderWriter`, a self-contained function (it uses nothing from this
 * module's scope): the archive reader's worker runs its text (pack-worker.ts), so that headers
 * are made on that thread, straight into its ring, with the same code as here.
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

export interface TarHeaderWriter {
  /** How many bytes `writeHeader` writes for this header. */
  headerLength(header: TarHeader): number
  /** Writes the header (with its pax extended header when needed) at `offset`, as whole blocks; returns the length written. */
  writeHeader(header: TarHeader, target: Buffer, offset: number): number
  /** Rounds a length up to whole 512-byte blocks. */
  padToBlock(length: number): number
}

/** The header writer. Self-contained: see the module comment. */
export function tarHeaderWriter(): TarHeaderWriter {
  const BLOCK = 512
  const TYPEFLAG = {file: '0', directory: '5', symlink: '2', pax: 'x'} as const
  const OCTAL_11_LIMIT = 8 ** 11
  const padToBlock = (length: number): number => Math.ceil(length / BLOCK) * BLOCK

  /** Zero-padded octal digits followed by a NUL, filling the field. */
  const writeOctal = (block: Buffer, offset: number, length: number, value: number): void => {
    let rest = value
    for (let i = offset + length - 2; i >= offset; i--) {
      block[i] = 0x30 + (rest % 8)
      rest = Math.floor(rest / 8)
    }
    block[offset + length - 1] = 0
  }

  /** GNU's base-256 form: 0x80, then the value big-endian. */
  const writeBase256 = (block: Buffer, offset: number, length: number, value: number): void => {
    block[offset] = 0x80
    let rest = value
    for (let i = offset + length - 1; i > offset; i--) {
      block[i] = rest % 256
      rest = Math.floor(rest / 256)
    }
  }

  const fitsUstarText = (text: string): boolean => text.length <= 100 && /^[\x01-\x7f]*$/.test(text)

  /** What a reader without pax support sees: ASCII, at most 100 bytes. */
  const toUstarText = (text: string): string => text.replace(/[^\x01-\x7f]/g, '_').slice(0, 100)

  /** A pax record: `<length> <key>=<value>\n`, where the length counts itself, in bytes. */
  const paxRecord = (key: string, value: string): string => {
    const body = ` ${key}=${value}\n`
    const bodyLength = Buffer.byteLength(body)
    let length = bodyLength + String(bodyLength).length
    if (String(length).length + bodyLength !== length) length = bodyLength + String(length).length
    return `${length}${body}`
  }

  const encodePaxRecords = (header: TarHeader): Buffer | undefined => {
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

  /** A ustar block with the fields that never change here: owner 0:0, magic, device numbers. */
  const TEMPLATE = Buffer.alloc(BLOCK)
  writeOctal(TEMPLATE, 108, 8, 0)
  writeOctal(TEMPLATE, 116, 8, 0)
  TEMPLATE.write('ustar\u000000', 257, 8, 'latin1')
  writeOctal(TEMPLATE, 329, 8, 0)
  writeOctal(TEMPLATE, 337, 8, 0)

  const writeUstar = (target: Buffer, offset: number, header: TarHeader, name: string, linkname: string, type: keyof typeof TYPEFLAG, size: number): void => {
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

  return {
    headerLength(header) {
      const records = encodePaxRecords(header)
      return records === undefined ? BLOCK : 2 * BLOCK + padToBlock(records.length)
    },
    writeHeader(header, target, offset) {
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
    },
    padToBlock,
  }
}

const writer = tarHeaderWriter()
export const padToBlock = writer.padToBlock

/** The header as a new buffer. */
export function encodeHeader(header: TarHeader): Buffer {
  const out = Buffer.allocUnsafe(writer.headerLength(header))
  writer.writeHeader(header, out, 0)
  return out
}
