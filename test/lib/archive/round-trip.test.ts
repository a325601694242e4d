import {randomBytes} from 'node:crypto'
import {execFileSync} from 'node:child_process'
import {existsSync, linkSync, mkdirSync, readdirSync, rmSync, symlinkSync, truncateSync, writeFileSync} from 'node:fs'
import {createServer} from 'node:net'
import {join} from 'node:path'
import {describe, expect, it} from 'vitest'
import {pipeline} from 'node:stream/promises'
import {createExtractor, listArchive, packDirectory, scanDirectory, type PackProgress} from '../../../src/lib/archive/index.js'
import {chunked, collect, extractBuffer, listNames, makeArea, packToBuffer, snapshotTree, writeTree, type TreeSpec} from './helpers.js'
import {expectNoWorkers} from '../../helpers/workers.js'

const sampleTree: TreeSpec = {
  'empty/': {mode: 0o700, mtime: 1_500_000_000},
  'deep/1/2/3/4/5/6/7/8/9/10/11/12/13/14/15/16/17/18/19/20/leaf.txt': {content: 'leaf', mtime: 1_400_000_000},
  [`unicode/日本語-ünïcödé-${'ß'.repeat(30)}.txt`]: {content: 'unicode'},
  [`long/${'x'.repeat(120)}/${'y'.repeat(150)}.bin`]: {content: randomBytes(3000)},
  'zero.bin': {content: ''},
  'big.bin': {content: randomBytes(3 * 1024 * 1024 + 123)},
  'secret.key': {content: 'k', mode: 0o600, mtime: 1_000_000_000},
  'run.sh': {content: '#!/bin/sh\n', mode: 0o755},
  'readonly.txt': {content: 'r', mode: 0o444},
  'shared.txt': {content: 's', mode: 0o666},
  'links/to-file': {symlink: '../zero.bin'},
  'links/to-dir': {symlink: '../deep/1'},
  'links/dangling': {symlink: 'nowhere'},
  [`links/${'l'.repeat(110)}`]: {symlink: `../long/${'x'.repeat(120)}`},
  'future.txt': {content: 'f', mtime: 2 ** 33},
  'past.txt': {content: 'p', mtime: -86_400 * 400},
  'sealed/': {mode: 0o555, mtime: 1_300_000_000},
  'sealed/inside.txt': {content: 'inside'},
}

async function roundTrip(spec: TreeSpec, chunkSize?: number) {
  const area = makeArea()
  const source = join(area, 'photos')
  writeTree(source, spec)
  const tar = await packToBuffer(source)
  const target = join(area, 'restored')
  const result = await extractBuffer(target, tar, {chunkSize})
  return {source, target, tar, result}
}

describe('packDirectory then createExtractor', () => {
  it('restores every entry: content, type, mode, mtime to the second, link targets (README §What the writer produces)', async () => {
    const {source, target, result} = await roundTrip(sampleTree)
    expect(snapshotTree(target)).toEqual(snapshotTree(source))
    expect(result).toMatchObject({target, rootName: 'photos', symlinks: 4})
  })

  it.each([1, 7, 511, 512, 513, 65_536])('restores the same tree whatever the chunking of the stream (%i-byte chunks)', async (chunkSize) => {
    const spec: TreeSpec = {'a/b.txt': {content: 'b'.repeat(1000)}, 'c.bin': {content: randomBytes(70_000)}, 'l': {symlink: 'a/b.txt'}, [`${'n'.repeat(130)}`]: {content: 'long'}}
    const {source, target} = await roundTrip(spec, chunkSize)
    expect(snapshotTree(target)).toEqual(snapshotTree(source))
  })

  it('restores an empty directory as an empty directory', async () => {
    const {source, target, result} = await roundTrip({})
    expect(snapshotTree(target)).toEqual(snapshotTree(source))
    expect(result).toMatchObject({files: 0, directories: 1})
  })

  it('strips setuid, setgid and sticky bits on extraction (README §Extraction rules)', async () => {
    const {target} = await roundTrip({'suid': {content: 'x', mode: 0o4755}, 'dir/': {mode: 0o3777}})
    const snapshot = snapshotTree(target)
    expect(snapshot.suid.mode).toBe(0o755)
    expect(snapshot.dir.mode).toBe(0o777)
  })

  it('writes entries in pre-order with children sorted by name, so output is reproducible (README §What the writer produces)', async () => {
    const area = makeArea()
    const names = ['q', 'b', 'z', 'a', 'm', 'c', 'y', 'd', 'x', 'e'].map((name, i) => `${name}${i}`)
    writeTree(join(area, 'd'), Object.fromEntries(names.flatMap((name) => [[`${name}/`, {}], [`${name}/${name}`, {content: name}]])))
    const listed = []
    for await (const entry of listArchive(packDirectory(join(area, 'd')))) listed.push(entry.name)
    expect(listed).toEqual(['d/', ...[...names].sort().flatMap((name) => [`d/${name}/`, `d/${name}/${name}`])])
  })

  it('stores a hard-linked file once per name, as a regular file (README §What the writer produces)', async () => {
    const area = makeArea()
    writeTree(join(area, 'd'), {'a': {content: 'same'}})
    linkSync(join(area, 'd/a'), join(area, 'd/b'))
    const entries = []
    for await (const entry of listArchive(packDirectory(join(area, 'd')))) entries.push([entry.name, entry.type, entry.size])
    expect(entries).toEqual([['d/', 'directory', 0], ['d/a', 'file', 4], ['d/b', 'file', 4]])
  })

  it('skips sockets and FIFOs with a warning (README §What the writer produces)', async () => {
    const area = makeArea()
    const root = join(area, 'd')
    writeTree(root, {'keep': {content: 'k'}})
    execFileSync('mkfifo', [join(root, 'pipe')])
    const server = createServer()
    await new Promise<void>((resolve) => server.listen(join(root, 'sock'), resolve))
    try {
      const warnings: string[] = []
      const tar = await packToBuffer(root, {onWarning: (message) => warnings.push(message)})
      const names = []
      for await (const entry of listArchive(chunked(tar))) names.push(entry.name)
      expect(names).toEqual(['d/', 'd/keep'])
      expect(warnings).toEqual(['skipped pipe: it is a FIFO, which is not archived', 'skipped sock: it is a socket, which is not archived'])
    } finally {
      await new Promise((resolve) => server.close(resolve))
    }
  })

  it('skips links that point outside the tree, directly or through other links, with a warning (README §What the writer produces)', async () => {
    const area = makeArea()
    const root = join(area, 'd')
    writeTree(root, {'abs': {symlink: '/etc/hosts'}, 'up': {symlink: '../x'}, 'self': {symlink: '.'}, 'through': {symlink: 'self/..'}, 'fine': {symlink: 'self/abs'}})
    const warnings: string[] = []
    const scan = scanDirectory(root, {onWarning: (message) => warnings.push(message)})
    expect(scan.entries.map((entry) => entry.path)).toEqual(['', 'fine', 'self'])
    expect(warnings).toHaveLength(3)
    expect(warnings.join('\n')).toMatch(/abs: its target \/etc\/hosts is an absolute path, which would not lead into the extracted copy/)
    expect(warnings.join('\n')).toMatch(/through: through other links/)
  })

  it('with reuseChunks, yields views of the ring that are the same stream as the copies, and reuses them', async () => {
    const area = makeArea()
    writeTree(join(area, 'd'), {'a': {content: randomBytes(200_000)}, 'b/c': {content: randomBytes(70_000)}, 'b/e': {content: 'e'}})
    const copies = await packToBuffer(join(area, 'd'), {chunkSize: 16 * 1024})
    const parts: Buffer[] = []
    const backing = new Set<ArrayBufferLike>()
    for await (const view of packDirectory(join(area, 'd'), {chunkSize: 16 * 1024, reuseChunks: true})) {
      backing.add(view.buffer)
      parts.push(Buffer.from(view))
    }
    expect(Buffer.concat(parts).equals(copies)).toBe(true)
    expect(parts.length).toBeGreaterThan(8)
    expect(backing.size).toBe(1)
  })

  it('reports progress up to the pre-scanned totals (PackProgress)', async () => {
    const area = makeArea()
    writeTree(join(area, 'd'), {'a': {content: 'aaa'}, 'b/c': {content: randomBytes(300_000)}, 'l': {symlink: 'a'}})
    const seen: PackProgress[] = []
    await packToBuffer(join(area, 'd'), {chunkSize: 64 * 1024, onProgress: (progress) => seen.push(progress)})
    expect(seen.at(-1)).toEqual({files: 2, bytes: 300_003, totalFiles: 2, totalBytes: 300_003})
    // One report per chunk handed over, mid-file included, never going back.
    expect(seen.length).toBeGreaterThan(3)
    expect(seen.some(p => p.files === 1 && p.bytes > 3 && p.bytes < 300_003)).toBe(true)
    for (let i = 1; i < seen.length; i++) expect(seen[i].bytes).toBeGreaterThanOrEqual(seen[i - 1].bytes)
  })

  it('names the archive\'s top directory after the root, or after the name option (README §What the writer produces)', async () => {
    const area = makeArea()
    writeTree(join(area, 'd'), {'a': {}})
    const names = []
    for await (const entry of listArchive(packDirectory(join(area, 'd'), {name: 'renamed'}))) names.push(entry.name)
    expect(names).toEqual(['renamed/', 'renamed/a'])
  })

  it('refuses a root that is missing or not a directory, naming it', async () => {
    const area = makeArea()
    writeFileSync(join(area, 'file'), '')
    await expect(collect(packDirectory(join(area, 'missing')))).rejects.toMatchObject({name: 'FileSystemError', message: expect.stringContaining('missing')})
    await expect(collect(packDirectory(join(area, 'file')))).rejects.toMatchObject({name: 'UsageError', message: expect.stringContaining('is not a directory')})
  })

  it('stops with the abort reason when the signal fires', async () => {
    const area = makeArea()
    writeTree(join(area, 'd'), {'a': {}, 'b': {}})
    const controller = new AbortController()
    controller.abort()
    await expect(collect(packDirectory(join(area, 'd'), {signal: controller.signal}))).rejects.toMatchObject({name: 'AbortError'})
  })

  it('follows a root that is itself a symbolic link to a directory', async () => {
    const area = makeArea()
    writeTree(join(area, 'real'), {'a': {content: 'a'}})
    symlinkSync('real', join(area, 'alias'))
    const names = []
    for await (const entry of listArchive(packDirectory(join(area, 'alias')))) names.push(entry.name)
    expect(names).toEqual(['alias/', 'alias/a'])
  })

  it('skips, with a warning, a file whose name is not valid UTF-8', async () => {
    const area = makeArea()
    writeTree(join(area, 'd'), {'good': {content: 'g'}})
    writeFileSync(Buffer.concat([Buffer.from(`${area}/d/bad`), Buffer.from([0xff])]), 'b')
    const warnings: string[] = []
    const names = []
    for await (const entry of listArchive(packDirectory(join(area, 'd'), {onWarning: (message) => warnings.push(message)}))) names.push(entry.name)
    expect(names).toEqual(['d/', 'd/good'])
    expect(warnings).toEqual(['skipped bad\uFFFD: its name is not valid UTF-8'])
  })
})

describe('packDirectory when files change after the scan', () => {
  it('packs what is left of a small file that shrank, with a warning and a corrected header', async () => {
    const area = makeArea()
    writeTree(join(area, 'd'), {'small': {content: 'x'.repeat(100)}})
    const warnings: string[] = []
    const scan = scanDirectory(join(area, 'd'))
    truncateSync(join(area, 'd/small'), 10)
    const tar = await packToBuffer(scan, {onWarning: (message) => warnings.push(message)})
    const entries = []
    for await (const entry of listArchive(chunked(tar))) entries.push([entry.name, entry.size])
    expect(entries).toEqual([['d/', 0], ['d/small', 10]])
    expect(warnings).toEqual(['small shrank while it was read: packed its first 10 bytes'])
  })

  it('warns, as GNU tar does, about a file that grew or was rewritten after the scan, and packs it at its listed size', async () => {
    const area = makeArea()
    writeTree(join(area, 'd'), {'grown': {content: 'a'.repeat(100)}, 'rewritten': {content: 'b'.repeat(100), mtime: 1_600_000_000}, 'big': {content: randomBytes(300_000)},
      'same': {content: 'c'}})
    const warnings: string[] = []
    const scan = scanDirectory(join(area, 'd'))
    writeFileSync(join(area, 'd/grown'), 'a'.repeat(150))
    writeFileSync(join(area, 'd/rewritten'), 'B'.repeat(100))
    writeFileSync(join(area, 'd/big'), randomBytes(300_000))
    const tar = await packToBuffer(scan, {onWarning: (message) => warnings.push(message)})
    const entries = []
    for await (const entry of listArchive(chunked(tar))) entries.push([entry.name, entry.size])
    expect(entries).toEqual([['d/', 0], ['d/big', 300_000], ['d/grown', 100], ['d/rewritten', 100], ['d/same', 1]])
    expect(warnings).toEqual([
      'big changed while it was archived: its copy may mix old and new contents',
      'grown changed while it was archived: its copy may mix old and new contents (packed its first 100 bytes)',
      'rewritten changed while it was archived: its copy may mix old and new contents',
    ])
  })

  it('fails with FileChangedError (exit 8, a conflict) when a big file shrank, as its size is already written', async () => {
    const area = makeArea()
    writeTree(join(area, 'd'), {'big': {content: randomBytes(1024 * 1024)}})
    const scan = scanDirectory(join(area, 'd'))
    truncateSync(join(area, 'd/big'), 200_000)
    await expect(packToBuffer(scan)).rejects.toMatchObject({name: 'FileChangedError', message: expect.stringContaining('big changed while it was being read'), exitCode: 8})
  })

  it('fails naming the path when a file cannot be read any more (replaced by a directory), and stops the reader', async () => {
    const area = makeArea()
    writeTree(join(area, 'd'), {'a': {content: 'a'}, 'b': {content: 'b'}})
    const scan = scanDirectory(join(area, 'd'))
    rmSync(join(area, 'd/a'))
    mkdirSync(join(area, 'd/a'))
    await expect(packToBuffer(scan)).rejects.toMatchObject({name: 'FileSystemError', message: `cannot read ${join(area, 'd/a')}: is a directory`, exitCode: 2})
    await expectNoWorkers()
  })

  it('skips, with a warning, small and big files removed after the scan', async () => {
    const area = makeArea()
    writeTree(join(area, 'd'), {'small': {content: 's'}, 'big': {content: randomBytes(300_000)}, 'kept': {content: 'k'}})
    const scan = scanDirectory(join(area, 'd'))
    rmSync(join(area, 'd/small'))
    rmSync(join(area, 'd/big'))
    const warnings: string[] = []
    const names = []
    for await (const entry of listArchive(packDirectory(scan, {onWarning: (message) => warnings.push(message)}))) names.push(entry.name)
    expect(names).toEqual(['d/', 'd/kept'])
    expect(warnings).toEqual(['skipped big: it was removed before it could be read', 'skipped small: it was removed before it could be read'])
  })

  it('closes the file it was reading when the consumer stops early', async () => {
    const area = makeArea()
    writeTree(join(area, 'd'), {'big': {content: randomBytes(1024 * 1024)}})
    const before = readdirSync('/proc/self/fd').length
    for await (const chunk of packDirectory(join(area, 'd'))) if (chunk.length === 128 * 1024) break
    expect(readdirSync('/proc/self/fd').length).toBe(before)
  })
})

describe('createExtractor as a stream sink', () => {
  it('works as the last stage of pipeline and reports progress up to the files and bytes written', async () => {
    const area = makeArea()
    writeTree(join(area, 'd'), {'a': {content: 'aaa'}, 'b/c': {content: randomBytes(2_500_000)}, 'e/': {}})
    const seen: {files: number; bytes: number}[] = []
    const extractor = await createExtractor(join(area, 'out'), {onProgress: (progress) => seen.push(progress)})
    const summary = await pipeline(packDirectory(join(area, 'd')), extractor.write)
    await extractor.commit()
    expect(summary).toEqual({rootName: 'd', files: 2, directories: 3, symlinks: 0, hardLinks: 0, bytes: 2_500_003})
    expect(seen.at(-1)).toEqual({files: 2, bytes: 2_500_003})
    expect(seen.length).toBeGreaterThan(2)
    expect(snapshotTree(join(area, 'out'))).toEqual(snapshotTree(join(area, 'd')))
  })

  it('stops with the abort reason when the signal fires, and abort leaves nothing', async () => {
    const area = makeArea()
    writeTree(join(area, 'd'), {'a': {content: 'a'}})
    const controller = new AbortController()
    controller.abort()
    const extractor = await createExtractor(join(area, 'out'), {signal: controller.signal})
    await expect(extractor.write(packDirectory(join(area, 'd')))).rejects.toMatchObject({name: 'AbortError'})
    await extractor.abort()
    expect(listNames(area)).toEqual(['d'])
  })
})

describe('listArchive', () => {
  it('lists every entry with its type, size, mode, mtime and link target', async () => {
    const area = makeArea()
    writeTree(join(area, 'd'), {'f': {content: 'hello', mode: 0o640, mtime: 1_234_567_890}, 'l': {symlink: 'f', mtime: 1_234_567_000}})
    const entries = []
    for await (const entry of listArchive(packDirectory(join(area, 'd')))) entries.push(entry)
    expect(entries.slice(1)).toEqual([
      {name: 'd/f', type: 'file', size: 5, mode: 0o640, mtime: new Date(1_234_567_890_000)},
      {name: 'd/l', type: 'symlink', size: 0, mode: 0o777, mtime: new Date(1_234_567_000_000), linkname: 'f'},
    ])
  })
})

describe('createExtractor placement', () => {
  it('extracts entries without a top directory (GNU tar\'s ./ form) relative to the target', async () => {
    const area = makeArea()
    const source = join(area, 'src')
    mkdirSync(source)
    writeTree(source, {'a/b': {content: 'b'}, 'c': {content: 'c'}})
    const tar = execFileSync('tar', ['--format=pax', '-cf', '-', '-C', source, '.'])
    await extractBuffer(join(area, 'out'), tar)
    expect(snapshotTree(join(area, 'out'), {mtimes: 'no-directories'})).toEqual(snapshotTree(source, {mtimes: 'no-directories'}))
    expect(existsSync(join(area, 'out/a/b'))).toBe(true)
  })
})
