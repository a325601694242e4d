/**
 * The reading half of `packDirectory`, on a worker thread: given the scanned entries, it makes
 * their tar headers, opens and reads the files and writes the tar stream into a ring of shared
 * slots, which the main thread encrypts while the next ones fill. Reading 10,000 small files is
 * mostly system-call time; here it runs on the second core, and so does making their headers
 * (5 MiB of them for the benchmark tree, which the main thread used to make and hand over).
 *
 * The worker is started from the text of `packWorker` (eval), so it runs the same from dist/,
 * from the bundle and from the TypeScript sources under the test runner. It must therefore use
 * nothing from this module's scope: Node modules come through the `require` it is given, the
 * header writer through `makeHeaderWriter` (tar-header.ts, self-contained too), everything else
 * through `data`.
 *
 * Protocol: the worker gets its PackJobs in one message; then slot k of the ring (k = count % slots) is filled in full (all but the last one) and
 * announced with a `slot` message; the main thread hands slots back by adding to ctl[FREED]
 * (with Atomics.notify), and the worker waits on it while every slot is taken.
 */

import type {TarHeader, TarHeaderWriter} from './tar-header.js'

export interface PackWorkerData {
  ring: SharedArrayBuffer
  /** Int32 slots: [FREED]. */
  ctl: SharedArrayBuffer
  slotSize: number
  slots: number
  /** Files up to this size are read whole before their header goes out (so a shrink can be fixed in it). */
  smallFile: number
}

/** What to pack, posted once the scan is done (the worker starts before it): entry i's fields are the i-th of each array. */
export interface PackJobs {
  root: string
  /** The top-level name in the archive. */
  name: string
  /** Entry paths below the root ('' is the root), joined with NUL (which no path holds). */
  paths: string
  /** The link targets of the symbolic links, in entry order, joined with NUL. */
  linknames: string
  /** ENTRY_TYPES, posted with the jobs (the worker's text cannot see this module). */
  typeNames: readonly TarHeader['type'][]
  /** Index into typeNames. */
  types: Uint8Array
  /** Permission bits. */
  modes: Uint16Array
  /** Milliseconds since the epoch, as the scan saw them (headers hold whole seconds). */
  mtimes: Float64Array
  /** Content length of a file, 0 otherwise. */
  sizes: Float64Array
}

export const ENTRY_TYPES = ['directory', 'file', 'symlink'] as const

export type PackWorkerMessage =
  | {type: 'slot'; index: number; length: number; files: number; bytes: number}
  | {type: 'warning'; message: string}
  | {type: 'error'; path: string; code?: string; message: string; changed?: boolean}
  | {type: 'done'}

export const FREED = 0

/** The worker's body. Self-contained: see the module comment. */
export function packWorker(require: NodeJS.Require, threads: typeof import('node:worker_threads'), makeHeaderWriter: () => TarHeaderWriter): void {
  const fs = require('node:fs') as typeof import('node:fs')
  const port = threads.parentPort!
  const data = threads.workerData as PackWorkerData
  const BLOCK = 512
  const ring = Buffer.from(data.ring)
  const ctl = new Int32Array(data.ctl)
  const {slotSize, slots, smallFile} = data
  const scratch = Buffer.allocUnsafe(smallFile)
  const {headerLength, writeHeader} = makeHeaderWriter()
  let headerBuffer = Buffer.allocUnsafe(4 * BLOCK)
  let produced = 0
  let used = 0
  let files = 0
  let bytes = 0

  /** The slot being filled, waiting for one to be handed back while all are taken. */
  const slotStart = (): number => {
    for (;;) {
      const freed = Atomics.load(ctl, 0)
      if (produced - freed < slots) return (produced % slots) * slotSize
      Atomics.wait(ctl, 0, freed)
    }
  }
  const publish = (): void => {
    port.postMessage({type: 'slot', index: produced % slots, length: used, files, bytes})
    produced++
    used = 0
  }
  /** Copies bytes into the ring, across slots. */
  const emit = (source: Uint8Array): void => {
    for (let offset = 0; offset < source.length;) {
      const start = slotStart()
      const count = Math.min(slotSize - used, source.length - offset)
      ring.set(source.subarray(offset, offset + count), start + used)
      used += count
      offset += count
      if (used === slotSize) publish()
    }
  }
  const zeros = (count: number): void => {
    for (let left = count; left > 0;) {
      const start = slotStart()
      const n = Math.min(slotSize - used, left)
      ring.fill(0, start + used, start + used + n)
      used += n
      left -= n
      if (used === slotSize) publish()
    }
  }
  const padding = (size: number): number => (BLOCK - (size % BLOCK)) % BLOCK
  /** Copies a header into the ring. */
  const emitHeader = (header: TarHeader): void => {
    const length = headerLength(header)
    if (length > headerBuffer.length) headerBuffer = Buffer.allocUnsafe(length)
    writeHeader(header, headerBuffer, 0)
    emit(headerBuffer.subarray(0, length))
  }
  const fail = (path: string, error: NodeJS.ErrnoException, changed = false): never => {
    port.postMessage({type: 'error', path, code: error.code, message: error.message, changed})
    throw new Error('stopped')
  }
  const openFile = (absolute: string, path: string): number | undefined => {
    try {
      return fs.openSync(absolute, fs.constants.O_RDONLY | fs.constants.O_NOFOLLOW)
    } catch (error) {
      if ((error as NodeJS.ErrnoException).code === 'ENOENT') {
        port.postMessage({type: 'warning', message: `skipped ${path}: it was removed before it could be read`})
        return undefined
      }
      return fail(absolute, error as NodeJS.ErrnoException)
    }
  }

  /** The file being packed, for errors nobody expected. */
  let current = ''
  port.once('message', (jobs: PackJobs) => {
    current = jobs.root
    try {
      pack(jobs)
    } catch (error) {
      if ((error as Error).message !== 'stopped') port.postMessage({type: 'error', path: current, message: (error as Error).message})
    }
  })

  function pack(jobs: PackJobs): void {
    const paths = jobs.paths.split('\0')
    const linknames = jobs.linknames.split('\0')
    let links = 0
    for (let i = 0; i < paths.length; i++) {
      const path = paths[i]
      const type = jobs.typeNames[jobs.types[i]]
      const name = path === '' ? jobs.name : `${jobs.name}/${path}`
      const header: TarHeader = {name: type === 'directory' ? `${name}/` : name, type, mode: jobs.modes[i], size: jobs.sizes[i], mtime: Math.floor(jobs.mtimes[i] / 1000)}
      if (type === 'symlink') header.linkname = linknames[links++]
      if (type !== 'file') {
        emitHeader(header)
        continue
      }
      const size = header.size
      const absolute = `${jobs.root}/${path}`
      current = absolute
      const fd = openFile(absolute, path)
      if (fd === undefined) continue
      try {
        let read = 0
        if (size <= smallFile) {
          // Read whole first: a file that shrank gets the size it had, in its header.
          try {
            while (read < size) {
              const n = fs.readSync(fd, scratch, read, size - read, read)
              if (n === 0) break
              read += n
            }
          } catch (error) {
            fail(absolute, error as NodeJS.ErrnoException)
          }
          if (read < size) {
            port.postMessage({type: 'warning', message: `${path} shrank while it was read: packed its first ${read} bytes`})
            header.size = read
          }
          emitHeader(header)
          emit(scratch.subarray(0, read))
          bytes += read
        } else {
          // Straight into the ring; its size is out, so a file that shrank fails.
          emitHeader(header)
          while (read < size) {
            const start = slotStart()
            let n: number
            try {
              n = fs.readSync(fd, ring, start + used, Math.min(slotSize - used, size - read), read)
            } catch (error) {
              return fail(absolute, error as NodeJS.ErrnoException)
            }
            if (n === 0) fail(absolute, Object.assign(new Error('changed'), {code: 'ECHANGED'}), true)
            used += n
            read += n
            bytes += n
            if (used === slotSize) publish()
          }
        }
        zeros(padding(read))
        files++
        // As GNU tar does: a file written to while it was read (or since the scan) is packed, and said so.
        const after = fs.fstatSync(fd)
        if (read === size && (after.size !== size || after.mtimeMs !== jobs.mtimes[i])) {
          port.postMessage({type: 'warning', message: `${path} changed while it was archived: its copy may mix old and new contents${after.size > size ? ` (packed its first ${size} bytes)` : ''}`})
        }
      } finally {
        fs.closeSync(fd)
      }
    }
    zeros(2 * BLOCK)
    if (used > 0) publish()
    port.postMessage({type: 'done'})
  }
}
