/** Shared tools for the archive tests: temporary areas, tree builders and snapshots, tar crafting. */
import {createHash} from 'node:crypto'
import {chmodSync, lstatSync, mkdirSync, mkdtempSync, readdirSync, readFileSync, readlinkSync, rmSync, symlinkSync, utimesSync, lutimesSync, writeFileSync} from 'node:fs'
import {tmpdir} from 'node:os'
import {dirname, join} from 'node:path'
import {pack as createPack} from 'tar-stream'
import {afterEach} from 'vitest'
import {createExtractor, packDirectory, type DirectoryScan, type ExtractOptions, type ExtractResult, type PackOptions} from '../../../src/lib/archive/index.js'

const areas: string[] = []

/** A fresh directory under the system temp dir, removed after the test. */
export function makeArea(): string {
  const area = mkdtempSync(join(tmpdir(), 'kms-archive-test-'))
  areas.push(area)
  return area
}

afterEach(() => {
  for (const area of areas.splice(0)) {
    makeWritable(area)
    rmSync(area, {recursive: true, force: true})
  }
})

function makeWritable(path: string): void {
  try {
    if (!lstatSync(path).isDirectory()) return
  } catch {
    return
  }
  chmodSync(path, 0o700)
  for (const name of readdirSync(path)) makeWritable(join(path, name))
}

export type TreeSpec = Record<string, {content?: string | Buffer; mode?: number; mtime?: number; symlink?: string} | undefined>

/**
 * Writes a tree: keys are paths, `a/` for directories; values set content, mode, mtime (seconds)
 * or a symlink target. Directory modes and mtimes are applied last, deepest first.
 */
export function writeTree(root: string, spec: TreeSpec): void {
  mkdirSync(root, {recursive: true})
  const directories: [string, {mode?: number; mtime?: number}][] = []
  for (const [path, value = {}] of Object.entries(spec)) {
    const absolute = join(root, path)
    mkdirSync(path.endsWith('/') ? absolute : dirname(absolute), {recursive: true})
    if (path.endsWith('/')) {
      directories.push([absolute, value])
    } else if (value.symlink !== undefined) {
      symlinkSync(value.symlink, absolute)
      if (value.mtime !== undefined) lutimesSync(absolute, at(value.mtime), at(value.mtime))
    } else {
      writeFileSync(absolute, value.content ?? '')
      if (value.mode !== undefined) chmodSync(absolute, value.mode)
      if (value.mtime !== undefined) utimesSync(absolute, at(value.mtime), at(value.mtime))
    }
  }
  directories.sort((a, b) => b[0].split('/').length - a[0].split('/').length)
  for (const [absolute, {mode, mtime}] of directories) {
    if (mode !== undefined) chmodSync(absolute, mode)
    if (mtime !== undefined) utimesSync(absolute, at(mtime), at(mtime))
  }
}

/** Seconds as a Date: Node's *utimes functions take a negative number (before 1970) to mean now. */
function at(seconds: number): Date {
  return new Date(seconds * 1000)
}

export interface Snapshot {
  type: 'file' | 'directory' | 'symlink' | 'other'
  mode: number
  mtime: number
  sha256?: string
  linkname?: string
}

/** Every entry below root (root itself as ''), with type, mode, mtime in seconds, content hash, link target. */
export function snapshotTree(root: string, options: {mtimes?: 'all' | 'no-directories'} = {}): Record<string, Snapshot> {
  const result: Record<string, Snapshot> = {}
  const visit = (path: string) => {
    const absolute = path === '' ? root : join(root, path)
    const stats = lstatSync(absolute)
    const type = stats.isDirectory() ? 'directory' : stats.isFile() ? 'file' : stats.isSymbolicLink() ? 'symlink' : 'other'
    const entry: Snapshot = {type, mode: type === 'symlink' ? 0 : stats.mode & 0o7777, mtime: Math.floor(stats.mtimeMs / 1000)}
    if (type === 'directory' && options.mtimes === 'no-directories') entry.mtime = 0
    if (type === 'file') entry.sha256 = createHash('sha256').update(readFileSync(absolute)).digest('hex')
    if (type === 'symlink') entry.linkname = readlinkSync(absolute)
    result[path] = entry
    if (type === 'directory') for (const name of readdirSync(absolute).sort()) visit(path === '' ? name : `${path}/${name}`)
  }
  visit('')
  return result
}

/** Collects an async stream into one buffer (tests only). */
export async function collect(source: AsyncIterable<Uint8Array>): Promise<Buffer> {
  const chunks: Buffer[] = []
  for await (const chunk of source) chunks.push(Buffer.from(chunk))
  return Buffer.concat(chunks)
}

/** Yields the buffer in pieces of `size` bytes. */
export async function* chunked(buffer: Buffer, size = 64 * 1024): AsyncGenerator<Buffer> {
  for (let offset = 0; offset < buffer.length; offset += size) yield buffer.subarray(offset, offset + size)
}

export function packToBuffer(root: string | DirectoryScan, options: PackOptions = {}): Promise<Buffer> {
  return collect(packDirectory(root, options))
}

/** Extracts and commits; aborts and rethrows on failure. */
export async function extractBuffer(target: string, tar: Buffer, options: ExtractOptions & {chunkSize?: number} = {}): Promise<ExtractResult> {
  const extractor = await createExtractor(target, options)
  try {
    await extractor.write(chunked(tar, options.chunkSize))
    return await extractor.commit()
  } catch (err) {
    await extractor.abort()
    throw err
  }
}

export type CraftedEntry = {name: string; type?: 'file' | 'directory' | 'symlink' | 'link' | 'character-device' | 'block-device' | 'fifo'; content?: string; linkname?: string; mode?: number}

/** An archive written by tar-stream, an independent writer, for hostile and interop cases. */
export async function craftTar(entries: CraftedEntry[]): Promise<Buffer> {
  const pack = createPack()
  const done = collect(pack as unknown as AsyncIterable<Buffer>)
  for (const entry of entries) {
    const header = {name: entry.name, type: entry.type ?? 'file', mode: entry.mode, linkname: entry.linkname, mtime: new Date(1_600_000_000_000)}
    await new Promise<void>((resolve, reject) => {
      const callback = (err?: Error | null) => (err ? reject(err) : resolve())
      if (entry.content === undefined) pack.entry(header, callback)
      else pack.entry(header, entry.content, callback)
    })
  }
  pack.finalize()
  return done
}

/** Lists a directory's names, sorted. */
export function listNames(path: string): string[] {
  return readdirSync(path).sort()
}
