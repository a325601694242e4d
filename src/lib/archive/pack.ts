/**
 * Directory → tar stream. `packDirectory` yields a POSIX (pax) tar stream of a scanned tree:
 * directories (empty ones too), regular files and symbolic links (stored, never followed), with
 * modes and mtimes; see FORMAT.md §Directory archives for the layout and tar-header.ts for headers.
 *
 * Speed: the cost is system calls and first touches of fresh memory, so a small file is read with
 * one synchronous call straight into the output batch, after its header (no buffer per file, no
 * copy); a big file is read in 128 KiB chunks, the next one on the thread pool while the consumer
 * works on the current one, so memory stays flat whatever the sizes. The consumer gets batches
 * of up to 256 KiB and file chunks, all freshly allocated: it may keep them.
 */
import {closeSync, constants, openSync, readSync} from 'node:fs'
import {open, type FileHandle} from 'node:fs/promises'
import {describeFsError, FileChangedError} from './errors.js'
import {scanDirectory, type DirectoryScan, type ScanOptions, type ScannedEntry} from './scan.js'
import {BLOCK, headerLength, padToBlock, writeHeader, type TarHeader} from './tar-header.js'

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
}

/** Files up to this size are read into the output batch; bigger ones are read in chunks. */
const SMALL_FILE = 128 * 1024
const READ_CHUNK = 128 * 1024
const BATCH = 256 * 1024
/** The end of an archive: two zero blocks. */
const END_OF_ARCHIVE = Buffer.alloc(2 * BLOCK)

/** Yields the tar stream of the directory `root` (or of a scan made by `scanDirectory`). */
export async function* packDirectory(root: string | DirectoryScan, options: PackOptions = {}): AsyncGenerator<Buffer> {
  const scan = typeof root === 'string' ? scanDirectory(root, options) : root
  const progress: PackProgress = {files: 0, bytes: 0, totalFiles: scan.totalFiles, totalBytes: scan.totalBytes}
  const report = options.onProgress ?? (() => {})
  const out = new Batch()
  for (const entry of scan.entries) {
    options.signal?.throwIfAborted()
    const header = toHeader(scan.name, entry)
    const absolute = entry.path === '' ? scan.root : `${scan.root}/${entry.path}`
    if (entry.type !== 'file') {
      yield* out.appendHeader(header)
      continue
    }
    if (entry.size <= SMALL_FILE) {
      yield* out.reserve(headerLength(header) + padToBlock(entry.size))
      const read = readSmallFile(absolute, header, out)
      if (read === undefined) {
        options.onWarning?.(`skipped ${entry.path}: it was removed before it could be read`)
        continue
      }
      if (read < entry.size) options.onWarning?.(`${entry.path} shrank while it was read: packed its first ${read} bytes`)
      progress.bytes += read
    } else {
      const handle = await openBigFile(absolute)
      if (handle === undefined) {
        options.onWarning?.(`skipped ${entry.path}: it was removed before it could be read`)
        continue
      }
      try {
        yield* out.appendHeader(header)
        yield* out.flush()
        for await (const chunk of readBigFile(handle, entry.size, absolute)) {
          progress.bytes += chunk.length
          report({...progress})
          yield chunk
          options.signal?.throwIfAborted()
        }
      } finally {
        await handle.close()
      }
      yield* out.append(Buffer.alloc(padToBlock(entry.size) - entry.size))
    }
    progress.files++
    report({...progress})
  }
  yield* out.append(END_OF_ARCHIVE)
  yield* out.flush()
}

function toHeader(name: string, entry: ScannedEntry): TarHeader {
  const path = entry.path === '' ? name : `${name}/${entry.path}`
  const header: TarHeader = {name: entry.type === 'directory' ? `${path}/` : path, type: entry.type, mode: entry.mode, size: entry.size, mtime: entry.mtime}
  if (entry.linkname !== undefined) header.linkname = entry.linkname
  return header
}

/** Output gathered in place: `buffer[0, used)` is ready, the rest is free. */
class Batch {
  buffer = Buffer.allocUnsafe(BATCH)
  used = 0

  get free(): number {
    return this.buffer.length - this.used
  }

  /** Makes room for `length` contiguous bytes, yielding what is ready when needed. */
  *reserve(length: number): Generator<Buffer> {
    if (this.free >= length) return
    yield* this.flush()
    if (length > this.buffer.length) this.buffer = Buffer.allocUnsafe(length)
  }

  *appendHeader(header: TarHeader): Generator<Buffer> {
    yield* this.reserve(headerLength(header))
    this.used += writeHeader(header, this.buffer, this.used)
  }

  *append(bytes: Buffer): Generator<Buffer> {
    yield* this.reserve(bytes.length)
    bytes.copy(this.buffer, this.used)
    this.used += bytes.length
  }

  *flush(): Generator<Buffer> {
    if (this.used === 0) return
    yield this.buffer.subarray(0, this.used)
    this.buffer = Buffer.allocUnsafe(BATCH)
    this.used = 0
  }
}

/**
 * Writes header, content and padding of a small file into the batch (room is reserved) and
 * returns the bytes read: `undefined` when the file is gone, fewer than the size if it shrank
 * (the header is then rewritten; it stays the same length, as a small size never needs pax).
 */
function readSmallFile(absolute: string, header: TarHeader, out: Batch): number | undefined {
  let fd: number
  try {
    fd = openSync(absolute, constants.O_RDONLY | constants.O_NOFOLLOW)
  } catch (err) {
    if ((err as NodeJS.ErrnoException).code === 'ENOENT') return undefined
    throw describeFsError('read', absolute, err)
  }
  const start = out.used
  const contentStart = start + headerLength(header)
  let read = 0
  try {
    while (read < header.size) {
      const count = readSync(fd, out.buffer, contentStart + read, header.size - read, read)
      if (count === 0) break
      read += count
    }
  } catch (err) {
    throw describeFsError('read', absolute, err)
  } finally {
    closeSync(fd)
  }
  writeHeader(read === header.size ? header : {...header, size: read}, out.buffer, start)
  out.buffer.fill(0, contentStart + read, contentStart + padToBlock(read))
  out.used = contentStart + padToBlock(read)
  return read
}

/** Opens a big file for reading; `undefined` when it is gone. */
async function openBigFile(absolute: string): Promise<FileHandle | undefined> {
  try {
    return await open(absolute, constants.O_RDONLY | constants.O_NOFOLLOW)
  } catch (err) {
    if ((err as NodeJS.ErrnoException).code === 'ENOENT') return undefined
    throw describeFsError('read', absolute, err)
  }
}

/**
 * Reads exactly `size` bytes in fresh chunks, the next one being read (on the thread pool) while
 * the consumer works on the current one. A file that shrank fails: its size is already written.
 */
async function* readBigFile(handle: FileHandle, size: number, absolute: string): AsyncGenerator<Buffer> {
  const readAt = (position: number) => readChunk(handle, position, Math.min(READ_CHUNK, size - position), absolute)
  let next: Promise<Buffer> | undefined = readAt(0)
  try {
    for (let position = 0; next !== undefined;) {
      const chunk: Buffer = await next
      next = undefined
      position += chunk.length
      if (position < size) next = readAt(position)
      yield chunk
    }
  } finally {
    await next?.catch(() => {})
  }
}

async function readChunk(handle: FileHandle, position: number, length: number, absolute: string): Promise<Buffer> {
  const chunk = Buffer.allocUnsafe(length)
  let read: number
  try {
    ({bytesRead: read} = await handle.read(chunk, 0, length, position))
  } catch (err) {
    throw describeFsError('read', absolute, err)
  }
  if (read === 0) throw new FileChangedError(absolute)
  return read === length ? chunk : chunk.subarray(0, read)
}
