/**
 * Directory → tar stream. `packDirectory` yields a POSIX (pax) tar stream of a scanned tree:
 * directories (empty ones too), regular files and symbolic links (stored, never followed), with
 * modes and mtimes; see FORMAT.md §Directory archives for the layout and tar-header.ts for headers.
 *
 * Speed: the tree is scanned here; the headers are made and the files opened and read by a
 * worker thread (pack-worker.ts) into a ring of shared slots, so that reading (system calls, on
 * one core) and what the consumer does with the stream (encryption, on the other) overlap.
 * Memory stays at the ring's size whatever the tree.
 */
import type {Worker} from 'node:worker_threads'
import {startWorker} from '../workers.js'
import {describeFsError, FileChangedError} from './errors.js'
import {ENTRY_TYPES, FREED, packWorker, type PackJobs, type PackWorkerMessage} from './pack-worker.js'
import {scanDirectory, type DirectoryScan, type ScanOptions} from './scan.js'
import {tarHeaderWriter} from './tar-header.js'

export interface PackProgress {
  /** Regular files packed so far. */
  files: number
  /** Content bytes packed so far. */
  bytes: number
  totalFiles: number
  totalBytes: number
}

export interface PackOptions extends ScanOptions {
  onProgress?: (progress: PackProgress) => void
  signal?: AbortSignal
  /** Bytes per yielded chunk (all but the last). Default 1 MiB. */
  chunkSize?: number
  /**
   * Yield views of the ring instead of copies: each chunk is then valid only until the next one
   * is pulled. For consumers that are done with a chunk when they ask for the next (encryption).
   */
  reuseChunks?: boolean
}

/** Files up to this size are read whole before their header goes out; bigger ones are streamed. */
const SMALL_FILE = 128 * 1024
const DEFAULT_CHUNK = 1024 * 1024
/**
 * Slots in the ring: enough for the reader to run ahead while a frame is sealed and written.
 * Eight were no faster on the benchmark tree (10 interleaved runs each, signed and unsigned) and
 * cost 4 MiB more fresh memory (1,200 more page faults).
 */
const SLOTS = 4

/** Yields the tar stream of the directory `root` (or of a scan made by `scanDirectory`). */
export async function* packDirectory(root: string | DirectoryScan, options: PackOptions = {}): AsyncGenerator<Buffer> {
  const packer = startPacking(root, options)
  try {
    yield* packer.chunks
  } finally {
    await packer.close()
  }
}

export interface Packer {
  scan: DirectoryScan
  /** The tar stream. */
  chunks: AsyncGenerator<Buffer>
  /** Stops the reader; call it in any case when done (the stream may never be pulled). */
  close(): Promise<void>
}

/**
 * Starts reading at once: the worker is started before the scan (it boots while the tree is
 * walked) and fills the ring while the caller gets its keys ready.
 */
export function startPacking(root: string | DirectoryScan, options: PackOptions = {}): Packer {
  const slotSize = options.chunkSize ?? DEFAULT_CHUNK
  const ring = new SharedArrayBuffer(slotSize * SLOTS)
  const ctl = new Int32Array(new SharedArrayBuffer(4))
  const worker = startWorker(WORKER_SOURCE, {workerData: {ring, ctl: ctl.buffer, slotSize, slots: SLOTS, smallFile: SMALL_FILE}})
  const inbox = new Inbox(worker)
  let scan: DirectoryScan
  try {
    scan = typeof root === 'string' ? scanDirectory(root, options) : root
    const jobs = toJobs(scan)
    worker.postMessage(jobs, [jobs.types.buffer, jobs.modes.buffer, jobs.mtimes.buffer, jobs.sizes.buffer] as ArrayBuffer[])
  } catch (error) {
    void worker.terminate()
    throw error
  }
  const report = options.onProgress ?? (() => {})
  async function* chunks(): AsyncGenerator<Buffer> {
    for (;;) {
      const message = await inbox.next(options.signal)
      if (message.type === 'done') return
      if (message.type === 'warning') {
        options.onWarning?.(message.message)
        continue
      }
      if (message.type === 'error') {
        if (message.changed) throw new FileChangedError(message.path)
        throw describeFsError('read', message.path, Object.assign(new Error(message.message), {code: message.code}))
      }
      const view = Buffer.from(ring, message.index * slotSize, message.length)
      yield options.reuseChunks ? view : Buffer.from(view)
      Atomics.add(ctl, FREED, 1)
      Atomics.notify(ctl, FREED)
      report({files: message.files, bytes: message.bytes, totalFiles: scan.totalFiles, totalBytes: scan.totalBytes})
    }
  }
  async function close(): Promise<void> {
    await worker.terminate()
    new Uint8Array(ring).fill(0) // the file contents the reader left there
  }
  return {scan, chunks: chunks(), close}
}

const WORKER_SOURCE = `(${packWorker.toString()})(require, require('node:worker_threads'), ${tarHeaderWriter.toString()})`

/** The worker's messages in order, awaited one at a time; a crash or an abort ends the wait. */
class Inbox {
  private readonly queue: PackWorkerMessage[] = []
  private failure: unknown
  private wake: (() => void) | undefined

  constructor(worker: Worker) {
    worker.on('message', (message: PackWorkerMessage) => this.push(message))
    worker.on('error', error => this.fail(error))
    worker.on('exit', code => this.fail(new Error(`the archive reader stopped (exit ${code})`)))
  }

  async next(signal?: AbortSignal): Promise<PackWorkerMessage> {
    for (;;) {
      signal?.throwIfAborted()
      const message = this.queue.shift()
      if (message !== undefined) return message
      if (this.failure !== undefined) throw this.failure
      const onAbort = () => this.wake?.()
      signal?.addEventListener('abort', onAbort, {once: true})
      await new Promise<void>(resolve => (this.wake = resolve))
      signal?.removeEventListener('abort', onAbort)
    }
  }

  private push(message: PackWorkerMessage): void {
    this.queue.push(message)
    this.wake?.()
  }

  private fail(error: unknown): void {
    this.failure ??= error
    this.wake?.()
  }
}

/** The jobs in a form that is cheap to post: the entries' fields in flat arrays (transferred), the paths and link targets in two strings. */
function toJobs(scan: DirectoryScan): PackJobs {
  const count = scan.entries.length
  const jobs: PackJobs = {root: scan.root, name: scan.name, paths: '', linknames: '', typeNames: ENTRY_TYPES, types: new Uint8Array(count), modes: new Uint16Array(count),
    mtimes: new Float64Array(count), sizes: new Float64Array(count)}
  const linknames: string[] = []
  for (let i = 0; i < count; i++) {
    const entry = scan.entries[i]
    jobs.types[i] = ENTRY_TYPES.indexOf(entry.type)
    jobs.modes[i] = entry.mode
    jobs.mtimes[i] = entry.mtimeMs
    jobs.sizes[i] = entry.size
    if (entry.type === 'symlink') linknames.push(entry.linkname!)
  }
  jobs.paths = scan.entries.map(entry => entry.path).join('\0')
  jobs.linknames = linknames.join('\0')
  return jobs
}
