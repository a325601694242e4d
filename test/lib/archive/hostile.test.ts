import {mkdirSync, writeFileSync} from 'node:fs'
import {join} from 'node:path'
import {describe, expect, it} from 'vitest'
import {createExtractor, InvalidArchiveError, UnsafeArchiveError} from '../../../src/lib/archive/index.js'
import {encodeHeader, padToBlock} from '../../../src/lib/archive/tar-header.js'
import {chunked, craftTar, listNames, makeArea, snapshotTree, type CraftedEntry} from './helpers.js'

/**
 * Each case: an archive crafted with tar-stream, the entry the refusal must name, and the reason.
 * The test area holds a sentinel directory beside the target; it must be unchanged afterwards.
 */
const top: CraftedEntry = {name: 'top/', type: 'directory'}
const cases: [string, CraftedEntry[], string, string][] = [
  ['a name climbing out with ..', [top, {name: '../evil', content: 'x'}], '../evil', '".." component'],
  ['a name climbing out from inside', [top, {name: 'top/a/../../evil', content: 'x'}], 'top/a/../../evil', '".." component'],
  ['a first entry climbing out', [{name: 'a/../../evil', content: 'x'}], 'a/../../evil', '".." component'],
  ['an absolute name', [top, {name: '/tmp/kms-evil', content: 'x'}], '/tmp/kms-evil', 'absolute path'],
  ['an entry outside the top directory', [top, {name: 'other/evil', content: 'x'}], 'other/evil', "outside the archive's top directory top/"],
  ['a file written through a symlink that stays inside', [top, {name: 'top/sub/', type: 'directory'}, {name: 'top/l', type: 'symlink', linkname: 'sub'}, {name: 'top/l/x', content: 'x'}], 'top/l/x', 'written through the symbolic link top/l'],
  ['a file written through a symlink to /tmp', [top, {name: 'top/l', type: 'symlink', linkname: '/tmp'}, {name: 'top/l/x', content: 'x'}], 'top/l', 'absolute path /tmp'],
  ['a symlink to /etc', [top, {name: 'top/etc', type: 'symlink', linkname: '/etc'}], 'top/etc', 'absolute path /etc'],
  ['a symlink escaping with ..', [top, {name: 'top/a/l', type: 'symlink', linkname: '../../sentinel'}], 'top/a/l', 'outside the extraction directory'],
  ['a symlink escaping through another symlink', [top, {name: 'top/self', type: 'symlink', linkname: '.'}, {name: 'top/out', type: 'symlink', linkname: 'self/..'}], 'top/out', 'through other links'],
  ['a hard link to a file outside', [top, {name: 'top/h', type: 'link', linkname: '/etc/passwd'}], 'top/h', 'hard link target /etc/passwd'],
  ['a hard link climbing out', [top, {name: 'top/h', type: 'link', linkname: '../sentinel/keep'}], 'top/h', 'hard link target ../sentinel/keep'],
  ['a hard link to a file not extracted', [top, {name: 'top/h', type: 'link', linkname: 'top/later'}, {name: 'top/later', content: 'x'}], 'top/h', 'not a file extracted earlier'],
  ['a hard link to a directory', [top, {name: 'top/d/', type: 'directory'}, {name: 'top/h', type: 'link', linkname: 'top/d'}], 'top/h', 'not a file extracted earlier'],
  ['a character device', [top, {name: 'top/null', type: 'character-device'}], 'top/null', 'character device entries are not extracted'],
  ['a block device', [top, {name: 'top/sda', type: 'block-device'}], 'top/sda', 'block device entries are not extracted'],
  ['a FIFO', [top, {name: 'top/pipe', type: 'fifo'}], 'top/pipe', 'FIFO entries are not extracted'],
  ['a duplicate file', [top, {name: 'top/a', content: 'one'}, {name: 'top/a', content: 'two'}], 'top/a', 'appears twice'],
  ['a directory named like a file', [top, {name: 'top/a', content: 'one'}, {name: 'top/a/', type: 'directory'}], 'top/a/', 'appears twice'],
  ['a file below a file', [top, {name: 'top/a', content: 'one'}, {name: 'top/a/b', content: 'two'}], 'top/a/b', 'parent top/a is a file'],
  ['a symlink replacing a directory', [top, {name: 'top/d/x', content: 'x'}, {name: 'top/d', type: 'symlink', linkname: '.'}], 'top/d', 'appears twice'],
  ['a duplicate top directory', [top, top], 'top/', 'appears twice'],
  ['a file standing for the target itself', [{name: './', content: 'x'}], './', 'only a directory'],
]

/** The area beside the target, whose own mtime changes by design (the staging directory is made and removed in it). */
function snapshotArea(area: string) {
  const snapshot = snapshotTree(area)
  snapshot[''] = {...snapshot[''], mtime: 0}
  return snapshot
}

async function attempt(tar: Buffer) {
  const area = makeArea()
  mkdirSync(join(area, 'sentinel'))
  writeFileSync(join(area, 'sentinel/keep'), 'keep')
  const before = snapshotArea(area)
  const extractor = await createExtractor(join(area, 'target'))
  const outcome = await extractor.write(chunked(tar, 100)).then(() => undefined, (err: unknown) => err)
  await extractor.abort()
  return {area, before, outcome}
}

describe('hostile archives (README §Extraction rules)', () => {
  it.each(cases)('refuses %s, naming the entry, and leaves nothing behind', async (_, entries, entry, reason) => {
    const {area, before, outcome} = await attempt(await craftTar(entries))
    expect(outcome).toBeInstanceOf(UnsafeArchiveError)
    expect(outcome).toMatchObject({exitCode: 6, name: 'UnsafeArchiveError'})
    expect((outcome as Error).message).toMatch(new RegExp(`^refusing archive entry ${escapeRegExp(JSON.stringify(entry))}: .*${escapeRegExp(reason)}`))
    expect(snapshotArea(area)).toEqual(before)
    expect(listNames(area)).toEqual(['sentinel'])
  })

  it('refuses a name with a NUL byte (in a pax path record), naming it', async () => {
    const header = encodeHeader({name: 'top/a\0b', type: 'file', mode: 0o644, size: 1, mtime: 0})
    const tar = Buffer.concat([encodeHeader({name: 'top/', type: 'directory', mode: 0o755, size: 0, mtime: 0}), header, Buffer.alloc(padToBlock(1)), Buffer.alloc(1024)])
    const {area, before, outcome} = await attempt(tar)
    expect(outcome).toBeInstanceOf(UnsafeArchiveError)
    expect((outcome as Error).message).toContain('NUL byte')
    expect(snapshotArea(area)).toEqual(before)
  })

  it('refuses a truncated archive as invalid and leaves nothing behind', async () => {
    const tar = await craftTar([top, {name: 'top/a', content: 'a'.repeat(2000)}])
    const {area, outcome} = await attempt(tar.subarray(0, 1500))
    expect(outcome).toBeInstanceOf(InvalidArchiveError)
    expect(listNames(area)).toEqual(['sentinel'])
  })
})

function escapeRegExp(text: string): string {
  return text.replace(/[.*+?^${}()|[\]\\]/g, '\\$&')
}
