import fc from 'fast-check'
import {extract as createExtract} from 'tar-stream'
import {describe, expect, it} from 'vitest'
import {InvalidArchiveError} from '../../../src/lib/archive/errors.js'
import {listArchive} from '../../../src/lib/archive/index.js'
import {encodeHeader, padToBlock, type TarHeader} from '../../../src/lib/archive/tar-header.js'
import {TarParser, type TarEvent} from '../../../src/lib/archive/tar-parse.js'
import {chunked, collect, craftTar} from './helpers.js'

/** One archive from headers; files get `size` bytes of a repeating pattern. */
function writeArchive(headers: TarHeader[]): Buffer {
  const parts: Buffer[] = []
  for (const header of headers) {
    parts.push(encodeHeader(header))
    if (header.type === 'file') parts.push(Buffer.alloc(padToBlock(header.size), 0x61).fill(0, header.size))
  }
  parts.push(Buffer.alloc(1024))
  return Buffer.concat(parts)
}

function parseAll(archive: Buffer, split: number): {headers: TarEvent[]; data: Map<string, number>} {
  const parser = new TarParser()
  const headers: TarEvent[] = []
  const data = new Map<string, number>()
  let current = ''
  for (let offset = 0; offset < archive.length; offset += split) {
    for (const event of parser.push(archive.subarray(offset, offset + split))) {
      if (event.kind === 'entry') {
        headers.push(event)
        current = event.header.name
      } else if (event.kind === 'data') {
        data.set(current, (data.get(current) ?? 0) + event.chunk.length)
      }
    }
  }
  parser.finish()
  return {headers, data}
}

const nameArbitrary = fc.array(fc.string({unit: 'grapheme', minLength: 1, maxLength: 40}).filter((s) => !s.includes('/') && !s.includes('\0')), {minLength: 1, maxLength: 6}).map((parts) => parts.join('/'))
const headerArbitrary: fc.Arbitrary<TarHeader> = fc.record({
  name: nameArbitrary,
  type: fc.constantFrom('file' as const, 'directory' as const, 'symlink' as const),
  mode: fc.integer({min: 0, max: 0o7777}),
  size: fc.integer({min: 0, max: 2000}),
  mtime: fc.oneof(fc.integer({min: 0, max: 2 ** 33}), fc.integer({min: -(2 ** 40), max: 2 ** 40})),
  linkname: nameArbitrary,
}).map((h) => ({...h, size: h.type === 'file' ? h.size : 0, ...(h.type === 'symlink' ? {} : {linkname: undefined})}))

describe('tar headers (tar-header.ts) and parser (tar-parse.ts)', () => {
  it('parses back every header it writes, in any split of the stream: parse∘write = identity (property)', () => {
    fc.assert(fc.property(fc.array(headerArbitrary, {minLength: 1, maxLength: 5}), fc.integer({min: 1, max: 1500}), (headers, split) => {
      const {headers: events, data} = parseAll(writeArchive(headers), split)
      expect(events.map((e) => e.kind === 'entry' && e.header)).toEqual(headers.map((h) => expect.objectContaining({
        name: h.name, type: h.type, mode: h.mode, size: h.size, mtime: new Date(h.mtime * 1000), linkname: h.linkname ?? '',
      })))
      for (const h of headers) if (h.type === 'file' && h.size > 0) expect(data.get(h.name)).toBe(h.size)
    }), {numRuns: 200})
  })

  it('writes headers that tar-stream, an independent reader, parses to the same values', async () => {
    const headers: TarHeader[] = [
      {name: 'a/', type: 'directory', mode: 0o755, size: 0, mtime: 1_700_000_000},
      {name: `a/${'long-'.repeat(40)}名前.txt`, type: 'file', mode: 0o600, size: 700, mtime: 1_700_000_001},
      {name: 'a/link', type: 'symlink', mode: 0o777, size: 0, mtime: 5, linkname: `${'x/'.repeat(80)}ünïcode`},
    ]
    const parser = createExtract()
    const seen = (async () => {
      const out: {name: string; type: string; mode: number; size: number; mtime: number; linkname: string | null}[] = []
      for await (const entry of parser) {
        const {name, type, mode, size, mtime, linkname} = entry.header
        out.push({name, type, mode, size, mtime: mtime.getTime() / 1000, linkname})
        for await (const _ of entry) void _
      }
      return out
    })()
    parser.end(writeArchive(headers))
    expect(await seen).toEqual(headers.map((h) => ({name: h.name.replace(/\/$/, h.type === 'directory' ? '/' : ''), type: h.type, mode: h.mode, size: h.size, mtime: h.mtime, linkname: h.linkname ?? null})))
  })

  it('reads what tar-stream writes, pax names included', async () => {
    const tar = await craftTar([{name: 'top/', type: 'directory'}, {name: `top/${'é'.repeat(80)}`, content: 'hello'}, {name: 'top/l', type: 'symlink', linkname: 'é'}])
    const entries = []
    for await (const entry of listArchive(chunked(tar, 100))) entries.push([entry.name, entry.type, entry.size, entry.linkname])
    expect(entries).toEqual([['top/', 'directory', 0, undefined], [`top/${'é'.repeat(80)}`, 'file', 5, undefined], ['top/l', 'symlink', 0, 'é']])
  })

  it('writes the pax size record and a base-256 size field for 8 GiB and more (tar-header.ts)', () => {
    const header: TarHeader = {name: 'huge', type: 'file', mode: 0o644, size: 8 * 2 ** 30 + 3, mtime: 0}
    const [event] = new TarParser().push(encodeHeader(header))
    expect(event).toEqual({kind: 'entry', header: expect.objectContaining({size: 8 * 2 ** 30 + 3})})
    const ustar = encodeHeader(header).subarray(-512)
    expect(ustar[124]).toBe(0x80)
  })
})

describe('older tar forms (tar-parse.ts)', () => {
  it('reads an entry with typeflag NUL and a trailing slash as a directory, as old tars wrote them', () => {
    const block = encodeHeader({name: 'old/', type: 'file', mode: 0o755, size: 0, mtime: 0})
    block[156] = 0
    fixChecksum(block)
    const [event] = new TarParser().push(block)
    expect(event).toMatchObject({kind: 'entry', header: {name: 'old/', type: 'directory', typeflag: '\0'}})
  })
})

describe('malformed archives (tar-parse.ts)', () => {
  const sample = writeArchive([
    {name: 'top/', type: 'directory', mode: 0o755, size: 0, mtime: 1},
    {name: 'top/file', type: 'file', mode: 0o644, size: 600, mtime: 1},
    {name: `top/${'n'.repeat(120)}`, type: 'file', mode: 0o644, size: 3, mtime: 1},
  ])

  it('refuses the stream truncated at every byte before the end-of-archive marker', async () => {
    const endMarker = sample.length - 1024
    for (let length = 0; length <= endMarker; length++) {
      await expect(collect(listNames(sample.subarray(0, length))), `length ${length}`).rejects.toThrow(InvalidArchiveError)
    }
  })

  it('refuses a header whose checksum does not match (tar-parse.ts)', async () => {
    const bad = Buffer.from(sample)
    bad[600] ^= 1
    await expect(collect(listNames(bad))).rejects.toThrow('checksum')
  })

  it('refuses a header without ustar or GNU magic (tar-parse.ts)', async () => {
    const bad = Buffer.from(sample)
    bad.write('xxxxx', 257, 'latin1')
    let sum = 0
    bad.fill(0x20, 148, 156)
    for (let i = 0; i < 512; i++) sum += bad[i]
    bad.write(`${sum.toString(8).padStart(6, '0')}\0 `, 148, 'latin1')
    await expect(collect(listNames(bad))).rejects.toThrow('format')
  })

  it('refuses data after the end-of-archive marker, and accepts zero padding (tar-parse.ts)', async () => {
    await expect(collect(listNames(Buffer.concat([sample, Buffer.from('x')])))).rejects.toThrow('follows the end')
    await expect(collect(listNames(Buffer.concat([sample, Buffer.alloc(9216)])))).resolves.toBeDefined()
  })

  it('refuses an extended header over 1 MiB and a malformed pax record (tar-parse.ts)', async () => {
    const big = encodeHeader({name: 'x', type: 'file', mode: 0, size: 2 ** 20 + 1, mtime: 0})
    big[156] = 'x'.charCodeAt(0)
    fixChecksum(big)
    await expect(collect(listNames(big))).rejects.toThrow('1 MiB')
    const pax = encodeHeader({name: 'x', type: 'file', mode: 0, size: 512, mtime: 0})
    pax[156] = 'x'.charCodeAt(0)
    fixChecksum(pax)
    const records = Buffer.alloc(512)
    records.write('99 path=x\n')
    await expect(collect(listNames(Buffer.concat([pax, records, sample])))).rejects.toThrow('pax')
  })
})

function fixChecksum(block: Buffer): void {
  block.fill(0x20, 148, 156)
  let sum = 0
  for (let i = 0; i < 512; i++) sum += block[i]
  block.write(`${sum.toString(8).padStart(6, '0')}\0 `, 148, 'latin1')
}

async function* listNames(archive: Buffer): AsyncGenerator<Buffer> {
  for await (const entry of listArchive(chunked(archive, 97))) yield Buffer.from(entry.name)
}
