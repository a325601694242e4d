import {existsSync, mkdirSync, readdirSync, readFileSync, readlinkSync, statSync} from 'node:fs'
import {join} from 'node:path'
import {describe, expect, it} from 'vitest'
import {FileWriter} from '../../../src/lib/archive/file-writer.js'
import {makeArea} from './helpers.js'
import {expectNoWorkers} from '../../helpers/workers.js'

/** The paths this process has open under `dir`. */
function openUnder(dir: string): string[] {
  return readdirSync('/proc/self/fd').flatMap(fd => {
    try {
      const target = readlinkSync(`/proc/self/fd/${fd}`)
      return target.startsWith(dir) ? [target] : []
    } catch {
      return []
    }
  })
}

describe('FileWriter (file-writer.ts, write-worker.ts)', () => {
  it('creates files in order with their bytes, mode and mtime, and hard links after their target', async () => {
    const area = makeArea()
    const writer = new FileWriter()
    const big = Buffer.alloc(3 * 1024 * 1024 + 5, 7)
    writer.open(join(area, 'a'), 'top/a', 0o640, true)
    writer.write(Buffer.from('hello '))
    writer.write(Buffer.from('world'))
    writer.close(1_000_000_000)
    writer.open(join(area, 'big'), 'top/big', 0o600, false)
    writer.write(big)
    writer.close(1_500_000_000)
    writer.link(join(area, 'a'), join(area, 'a-link'), 'top/a-link')
    await writer.drain()
    await writer.stop()
    expect(readFileSync(join(area, 'a'), 'utf8')).toBe('hello world')
    expect(statSync(join(area, 'a')).mode & 0o777).toBe(0o640)
    expect(statSync(join(area, 'a')).mtimeMs).toBe(1_000_000_000_000)
    expect(readFileSync(join(area, 'big')).equals(big)).toBe(true)
    expect(statSync(join(area, 'big')).mtimeMs).toBe(1_500_000_000_000)
    expect(statSync(join(area, 'a-link')).ino).toBe(statSync(join(area, 'a')).ino)
  })

  it('spreads batches of files over its lanes, each file whole, and links after their target on any lane', async () => {
    const area = makeArea()
    const writer = new FileWriter(3)
    const content = (i: number) => Buffer.alloc(100 + (i % 5000), i % 251)
    for (let i = 0; i < 3000; i++) {
      writer.open(join(area, `f${i}`), `top/f${i}`, 0o600, false)
      writer.write(content(i))
      writer.close(1_000_000 + i)
      if (i % 500 === 499) writer.link(join(area, `f${i - 400}`), join(area, `l${i}`), `top/l${i}`)
      if (writer.busy) await writer.ready()
    }
    await writer.drain()
    const lanes = (writer as unknown as {lanes: Array<{worker?: unknown}>}).lanes
    expect(lanes.filter(lane => lane.worker !== undefined).length).toBeGreaterThan(1)
    await writer.stop()
    for (let i = 0; i < 3000; i++) {
      expect(readFileSync(join(area, `f${i}`)).equals(content(i))).toBe(true)
      expect(statSync(join(area, `f${i}`)).mtimeMs).toBe((1_000_000 + i) * 1000)
    }
    for (let i = 499; i < 3000; i += 500) expect(statSync(join(area, `l${i}`)).ino).toBe(statSync(join(area, `f${i - 400}`)).ino)
  })

  it('reports the first failure with the entry name, skips what follows, and closes the open file', async () => {
    const area = makeArea()
    const writer = new FileWriter()
    writer.open(join(area, 'first'), 'top/first', 0o644, false)
    writer.write(Buffer.from('x'))
    writer.open(join(area, 'missing-dir', 'second'), 'top/second', 0o644, false)
    writer.write(Buffer.from('y'))
    writer.close(0)
    writer.open(join(area, 'third'), 'top/third', 0o644, false)
    writer.close(0)
    await expect(writer.drain()).rejects.toMatchObject({message: expect.stringMatching(/top\/second/)})
    expect(() => writer.open(join(area, 'fourth'), 'top/fourth', 0o644, false)).toThrow(/top\/second/)
    await writer.stop()
    expect(existsSync(join(area, 'third'))).toBe(false)
    expect(openUnder(area)).toEqual([])
  })

  it('stop() while a file is open ends the worker, with no file descriptor left open', async () => {
    const area = makeArea()
    mkdirSync(join(area, 'd'))
    const writer = new FileWriter()
    writer.open(join(area, 'd', 'f'), 'top/f', 0o644, false)
    writer.write(Buffer.alloc(2 * 1024 * 1024))
    await writer.drain()
    expect(openUnder(area)).toEqual([join(area, 'd', 'f')])
    await writer.stop()
    expect(openUnder(area)).toEqual([])
    expect(() => writer.close(0)).not.toThrow()
  })

  it('after stopSync (a signal), every call throws at once, and stop() still ends the workers', async () => {
    const area = makeArea()
    const writer = new FileWriter(2)
    writer.open(join(area, 'a'), 'top/a', 0o644, false)
    writer.write(Buffer.alloc(700_000))
    await writer.drain()
    writer.open(join(area, 'b'), 'top/b', 0o644, false)
    writer.write(Buffer.alloc(700_000))
    writer.stopSync()
    expect(() => writer.write(Buffer.alloc(2 * 1024 * 1024))).toThrow('the extraction was stopped')
    expect(() => writer.close(0)).toThrow('the extraction was stopped')
    await expect(writer.drain()).rejects.toMatchObject({name: 'Interrupted'})
    await writer.stop()
    await expectNoWorkers()
    expect(openUnder(area)).toEqual([])
  })
})
