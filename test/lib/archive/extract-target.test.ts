import {execFileSync} from 'node:child_process'
import {existsSync, mkdirSync, readFileSync, rmSync, statSync, writeFileSync} from 'node:fs'
import {join} from 'node:path'
import {describe, expect, it} from 'vitest'
import {IntegrityError} from '../../../src/lib/errors.js'
import {createExtractor, TargetExistsError} from '../../../src/lib/archive/index.js'
import {chunked, listNames, makeArea, packToBuffer, writeTree} from './helpers.js'
import {expectNoWorkers} from '../../helpers/workers.js'

async function setUp() {
  const area = makeArea()
  writeTree(join(area, 'src/photos'), {'new.txt': {content: 'new'}})
  const tar = await packToBuffer(join(area, 'src/photos'))
  return {area, tar, target: join(area, 'photos')}
}

describe('createExtractor target handling (extract.ts)', () => {
  it('stages in a private directory beside the target, and commit renames it into place', async () => {
    const {area, tar, target} = await setUp()
    const extractor = await createExtractor(target)
    expect(extractor.staging).toMatch(new RegExp(`^${area}/\\.photos\\.kms-staging-`))
    expect(statSync(extractor.staging).mode & 0o777).toBe(0o700)
    await extractor.write(chunked(tar))
    expect(existsSync(target)).toBe(false)
    await extractor.commit()
    expect(readFileSync(join(target, 'new.txt'), 'utf8')).toBe('new')
    expect(listNames(area)).toEqual(['photos', 'src'])
  })

  it('refuses an existing target without force before creating anything', async () => {
    const {area, target} = await setUp()
    mkdirSync(target)
    await expect(createExtractor(target)).rejects.toBeInstanceOf(TargetExistsError)
    await expect(createExtractor(target)).rejects.toMatchObject({exitCode: 2, hints: ['choose another path with -o, or replace it with --force']})
    expect(listNames(area)).toEqual(['photos', 'src'])
  })

  it('refuses at commit a target that appeared during extraction, leaving it untouched', async () => {
    const {area, tar, target} = await setUp()
    const extractor = await createExtractor(target)
    await extractor.write(chunked(tar))
    mkdirSync(target)
    writeFileSync(join(target, 'theirs'), 'theirs')
    await expect(extractor.commit()).rejects.toBeInstanceOf(TargetExistsError)
    await extractor.abort()
    expect(listNames(area)).toEqual(['photos', 'src'])
    expect(listNames(target)).toEqual(['theirs'])
  })

  it('with force, keeps the old target until commit, then replaces it and removes the old tree', async () => {
    const {area, tar, target} = await setUp()
    writeTree(target, {'old.txt': {content: 'old'}, 'ro/': {mode: 0o555}, 'ro/f': {content: 'f'}})
    const extractor = await createExtractor(target, {force: true})
    await extractor.write(chunked(tar))
    expect(listNames(target)).toEqual(['old.txt', 'ro'])
    await extractor.commit()
    expect(listNames(target)).toEqual(['new.txt'])
    expect(listNames(area)).toEqual(['photos', 'src'])
  })

  it('with force, never replaces a FIFO, device or socket, neither at the start nor if one appears by the commit', async () => {
    const {area, tar, target} = await setUp()
    execFileSync('mkfifo', [target])
    await expect(createExtractor(target, {force: true})).rejects.toMatchObject({exitCode: 2, message: `cannot extract into ${target}: it is a FIFO`})
    rmSync(target)
    const extractor = await createExtractor(target, {force: true})
    await extractor.write(chunked(tar))
    execFileSync('mkfifo', [target])
    await expect(extractor.commit()).rejects.toMatchObject({message: `cannot extract into ${target}: it is a FIFO`})
    await extractor.abort()
    expect(statSync(target).isFIFO()).toBe(true)
    expect(listNames(area)).toEqual(['photos', 'src'])
  })

  it('with force, replaces a target that is a file', async () => {
    const {area, tar, target} = await setUp()
    writeFileSync(target, 'a file')
    const extractor = await createExtractor(target, {force: true})
    await extractor.write(chunked(tar))
    await extractor.commit()
    expect(listNames(target)).toEqual(['new.txt'])
    expect(listNames(area)).toEqual(['photos', 'src'])
  })

  it('with force, leaves the old target in place when extraction fails and is aborted', async () => {
    const {area, tar, target} = await setUp()
    writeTree(target, {'old.txt': {content: 'old'}})
    const extractor = await createExtractor(target, {force: true})
    await expect(extractor.write(chunked(tar.subarray(0, 700)))).rejects.toThrow('truncated')
    await extractor.abort()
    expect(listNames(target)).toEqual(['old.txt'])
    expect(listNames(area)).toEqual(['photos', 'src'])
  })

  it('removes the staging directory with abortSync, for a SIGINT handler', async () => {
    const {area, tar, target} = await setUp()
    const extractor = await createExtractor(target)
    await extractor.write(chunked(tar))
    extractor.abortSync()
    expect(listNames(area)).toEqual(['src'])
    await extractor.abort()
  })

  it('stops at once when abortSync comes mid-write (a signal): the write fails as interrupted, nothing is left, no worker runs', async () => {
    const area = makeArea()
    const files: Record<string, {content: Buffer}> = {}
    for (let i = 0; i < 40; i++) files[`f${i}`] = {content: Buffer.alloc(200_000, i)}
    writeTree(join(area, 'src/photos'), files)
    const tar = await packToBuffer(join(area, 'src/photos'))
    const extractor = await createExtractor(join(area, 'photos'))
    async function* interrupted() {
      yield tar.subarray(0, 1_000_000)
      extractor.abortSync()
      for (let offset = 1_000_000; offset < tar.length; offset += 64 * 1024) yield tar.subarray(offset, offset + 64 * 1024)
    }
    await expect(extractor.write(interrupted())).rejects.toMatchObject({name: 'Interrupted'})
    await extractor.abort()
    expect(listNames(area)).toEqual(['src'])
    await expectNoWorkers()
  })

  it('passes through the source\'s own error, e.g. a decryption failure, and refuses to commit after it', async () => {
    const {area, target} = await setUp()
    const extractor = await createExtractor(target)
    const failure = new IntegrityError()
    async function* failing() {
      yield Buffer.alloc(512)
      throw failure
    }
    await expect(extractor.write(failing())).rejects.toBe(failure)
    await expect(extractor.commit()).rejects.toThrow('cannot commit an extractor that is failed')
    await extractor.abort()
    expect(listNames(area)).toEqual(['src'])
  })

  it('refuses a target whose parent directory does not exist, naming it', async () => {
    const {area} = await setUp()
    await expect(createExtractor(join(area, 'missing/photos'))).rejects.toMatchObject({name: 'NotFound', exitCode: 3, message: expect.stringContaining(`the directory ${join(area, 'missing')} does not exist`)})
  })
})
