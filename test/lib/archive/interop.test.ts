import {execFileSync} from 'node:child_process'
import {linkSync, mkdirSync, writeFileSync} from 'node:fs'
import {join} from 'node:path'
import {describe, expect, it} from 'vitest'
import {listArchive, packDirectory, type ArchiveEntry} from '../../../src/lib/archive/index.js'
import {chunked, extractBuffer, makeArea, packToBuffer, snapshotTree, writeTree, type TreeSpec} from './helpers.js'

const tree: TreeSpec = {
  'empty/': {mode: 0o750, mtime: 1_500_000_000},
  'a/b/c.txt': {content: 'c', mode: 0o600, mtime: 1_600_000_000},
  [`ünïcode/${'long-name-'.repeat(15)}.txt`]: {content: 'long'},
  'big.bin': {content: Buffer.alloc(2 * 1024 * 1024 + 5, 7)},
  'zero': {content: ''},
  'x.sh': {content: 'echo', mode: 0o755},
  'link': {symlink: 'a/b/c.txt'},
  [`${'deep-link-'.repeat(12)}`]: {symlink: `ünïcode/${'long-name-'.repeat(15)}.txt`},
  'a/': {mode: 0o711, mtime: 1_400_000_000},
  [`prefix-${'p'.repeat(80)}/${'q'.repeat(90)}.txt`]: {content: 'ustar splits this name into prefix and name'},
}

describe('GNU tar interoperability (README §What the writer produces, §What the reader accepts)', () => {
  it('GNU tar lists the entries packDirectory wrote, with the same names, types and sizes', async () => {
    const area = makeArea()
    writeTree(join(area, 'photos'), tree)
    writeFileSync(join(area, 'photos.tar'), await packToBuffer(join(area, 'photos')))
    const gnu = execFileSync('tar', ['-tvf', join(area, 'photos.tar')], {encoding: 'utf8'}).trim().split('\n')
    const ours: ArchiveEntry[] = []
    for await (const entry of listArchive(packDirectory(join(area, 'photos')))) ours.push(entry)
    expect(gnu).toHaveLength(ours.length)
    gnu.forEach((line, i) => {
      expect(line.startsWith({file: '-', directory: 'd', symlink: 'l'}[ours[i].type as 'file'])).toBe(true)
      expect(line).toContain(ours[i].type === 'symlink' ? `${ours[i].name} -> ${ours[i].linkname}` : ours[i].name)
      expect(line).toMatch(new RegExp(` ${ours[i].size} `))
    })
  })

  it('GNU tar extracts what packDirectory wrote into an identical tree', async () => {
    const area = makeArea()
    writeTree(join(area, 'photos'), tree)
    writeFileSync(join(area, 'photos.tar'), await packToBuffer(join(area, 'photos')))
    mkdirSync(join(area, 'gnu'))
    execFileSync('tar', ['-xf', join(area, 'photos.tar'), '-C', join(area, 'gnu')])
    expect(snapshotTree(join(area, 'gnu/photos'))).toEqual(snapshotTree(join(area, 'photos')))
  })

  it.each(['pax', 'gnu', 'ustar'])('createExtractor extracts what GNU tar --format=%s wrote into an identical tree', async (format) => {
    const area = makeArea()
    const spec = format === 'ustar' ? Object.fromEntries(Object.entries(tree).filter(([name]) => !name.includes('long') && !name.includes('deep-link'))) : tree
    writeTree(join(area, 'photos'), spec)
    const tar = execFileSync('tar', [`--format=${format}`, '-cf', '-', '-C', area, 'photos'], {maxBuffer: 64 * 1024 * 1024})
    await extractBuffer(join(area, 'restored'), tar, {chunkSize: 10_000})
    expect(snapshotTree(join(area, 'restored'))).toEqual(snapshotTree(join(area, 'photos')))
  })

  it('createExtractor restores hard links GNU tar stored as links to an earlier file', async () => {
    const area = makeArea()
    writeTree(join(area, 'photos'), {'a': {content: 'shared'}, 'sub/': {}})
    linkSync(join(area, 'photos/a'), join(area, 'photos/sub/b'))
    const tar = execFileSync('tar', ['--format=pax', '-cf', '-', '-C', area, 'photos'])
    const result = await extractBuffer(join(area, 'restored'), tar)
    expect(result.hardLinks).toBe(1)
    expect(snapshotTree(join(area, 'restored'), {mtimes: 'no-directories'})).toEqual(snapshotTree(join(area, 'photos'), {mtimes: 'no-directories'}))
  })

  it('createExtractor reads GNU tar\'s record padding after the end-of-archive marker', async () => {
    const area = makeArea()
    writeTree(join(area, 'photos'), {'a': {content: 'a'}})
    const tar = execFileSync('tar', ['--format=pax', '-b', '20', '-cf', '-', '-C', area, 'photos'])
    expect(tar.length % 10_240).toBe(0)
    const entries = []
    for await (const entry of listArchive(chunked(tar))) entries.push(entry.name)
    expect(entries).toEqual(['photos/', 'photos/a'])
  })
})
