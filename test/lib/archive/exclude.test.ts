import {writeFileSync} from 'node:fs'
import {join} from 'node:path'
import {describe, expect, it} from 'vitest'
import {listArchive} from '../../../src/lib/archive/index.js'
import {compileExcludes, parseIgnoreText} from '../../../src/lib/archive/exclude.js'
import {scanDirectory} from '../../../src/lib/archive/scan.js'
import {chunked, makeArea, packToBuffer, writeTree} from './helpers.js'

describe('compileExcludes', () => {
  it('matches a pattern without a slash at any depth (exclude.ts)', () => {
    const excluded = compileExcludes(['*.tmp'])
    expect(excluded('a.tmp', false)).toBe(true)
    expect(excluded('x/y/a.tmp', false)).toBe(true)
    expect(excluded('x/a.tmp.keep', false)).toBe(false)
  })

  it('anchors a pattern with a slash at the root, and lets ** span directories (exclude.ts)', () => {
    const excluded = compileExcludes(['build/out', '/notes.txt', 'logs/**/*.log'])
    expect(excluded('build/out', true)).toBe(true)
    expect(excluded('src/build/out', true)).toBe(false)
    expect(excluded('notes.txt', false)).toBe(true)
    expect(excluded('a/notes.txt', false)).toBe(false)
    expect(excluded('logs/a/b/c.log', false)).toBe(true)
  })

  it('matches a trailing-slash pattern against directories only (exclude.ts)', () => {
    const excluded = compileExcludes(['cache/'])
    expect(excluded('a/cache', true)).toBe(true)
    expect(excluded('a/cache', false)).toBe(false)
  })

  it('lets a later !pattern re-include, the last match winning (exclude.ts)', () => {
    const excluded = compileExcludes(['*.log', '!keep.log'])
    expect(excluded('a.log', false)).toBe(true)
    expect(excluded('d/keep.log', false)).toBe(false)
  })

  it('lets * match dot files, as gitignore does (exclude.ts)', () => {
    expect(compileExcludes(['*'])('.hidden', false)).toBe(true)
  })
})

describe('parseIgnoreText', () => {
  it('drops blank lines and # comments, and trims whitespace (exclude.ts)', () => {
    expect(parseIgnoreText('# comment\n\n  *.tmp  \r\n!keep.tmp\n   # indented comment\n')).toEqual(['*.tmp', '!keep.tmp'])
    // As in .gitignore, a trailing space escaped with a backslash is part of the pattern.
    expect(parseIgnoreText('space\\ \ntwo\\  \n')).toEqual(['space\\ ', 'two\\ '])
    expect(compileExcludes(parseIgnoreText('space\\ \n'))('x/space ', false)).toBe(true)
  })
})

async function packedNames(root: string, exclude: string[] = []): Promise<string[]> {
  const names: string[] = []
  for await (const entry of listArchive(chunked(await packToBuffer(root, {exclude})))) names.push(entry.name)
  return names
}

describe('packDirectory excludes', () => {
  it('leaves out --exclude matches, and a matched directory with its whole subtree (exclude.ts)', async () => {
    const root = join(makeArea(), 'photos')
    writeTree(root, {'a.jpg': {}, 'a.tmp': {}, 'cache/x.jpg': {}, 'cache/deep/y.jpg': {}, 'sub/cache/z.jpg': {}, 'sub/b.jpg': {}})
    expect(await packedNames(root, ['*.tmp', 'cache/'])).toEqual(['photos/', 'photos/a.jpg', 'photos/sub/', 'photos/sub/b.jpg'])
  })

  it('reads .kmsignore from the root, packs it, and applies --exclude after it (exclude.ts)', async () => {
    const root = join(makeArea(), 'photos')
    writeTree(root, {'a.log': {}, 'keep.log': {}, 'b.txt': {}, 'sub/.kmsignore': {content: 'b.txt\n'}, 'sub/b.txt': {}})
    writeFileSync(join(root, '.kmsignore'), '# logs are noise\n*.log\n!keep.log\n')
    expect(await packedNames(root, ['keep.log'])).toEqual(['photos/', 'photos/.kmsignore', 'photos/b.txt', 'photos/sub/', 'photos/sub/.kmsignore', 'photos/sub/b.txt'])
  })

  it('warns about an --exclude that matched nothing (often a path written from the wrong place), not about .kmsignore lines', () => {
    const root = join(makeArea(), 'photos')
    writeTree(root, {'src/a.ts': {}, 'b.tmp': {}})
    writeFileSync(join(root, '.kmsignore'), 'never-there\n')
    const warnings: string[] = []
    scanDirectory(root, {exclude: ['*.tmp', 'photos/src', 'missing/'], onWarning: message => warnings.push(message)})
    expect(warnings).toEqual([
      "--exclude 'photos/src' matched nothing (patterns are relative to photos/, or match a name anywhere)",
      "--exclude 'missing/' matched nothing (patterns are relative to photos/, or match a name anywhere)",
    ])
    expect(compileExcludes(['*.tmp', 'x']).unused()).toEqual(['*.tmp', 'x'])
  })

  it('cannot re-include a file below an excluded directory, as gitignore cannot (exclude.ts)', async () => {
    const root = join(makeArea(), 'photos')
    writeTree(root, {'tmp/keep.txt': {}, 'other.txt': {}})
    expect(await packedNames(root, ['tmp/', '!tmp/keep.txt'])).toEqual(['photos/', 'photos/other.txt'])
  })
})
