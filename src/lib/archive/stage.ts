/**
 * Writes tar entries into a staging directory, safely by construction:
 * - names: no NUL, no absolute path, no `..` (names.ts); when the first entry is a directory
 *   with a one-component name (`photos/`), it is the archive's top directory: it becomes the
 *   staging directory itself and every later entry must lie under it
 * - nothing is written through a link: every parent of an entry must be a directory this
 *   extraction made (the staging directory starts empty and is 0700); files are opened with
 *   O_CREAT|O_EXCL|O_NOFOLLOW, so nothing existing is followed or overwritten
 * - symbolic links: relative, and they must resolve inside the root, also through other links
 *   (checked at the end, when all links are known)
 * - hard links only to a regular file extracted earlier from the same archive
 * - devices, FIFOs and unknown types are refused; a name that appears twice is refused
 * - modes without setuid, setgid and sticky bits; directory modes and mtimes are applied by
 *   `applyDirectoryMetadata`, after their contents, so the tree stays 0700 until commit
 *
 * Directories and symbolic links are made here; regular files and hard links are made, in
 * archive order, by a worker thread (file-writer.ts), so `drain` must be awaited before
 * `finish` and `stop` before the staging directory is removed.
 */
import {chmodSync, lutimesSync, mkdirSync, symlinkSync, utimesSync} from 'node:fs'
import {describeFsError, UnsafeArchiveError} from './errors.js'
import {FileWriter} from './file-writer.js'
import {findEscapingLinks, resolveLinkTarget, splitEntryName} from './names.js'
import type {TarEntryHeader, TarEvent} from './tar-parse.js'

type Kind = 'directory' | 'implicit-directory' | 'file' | 'symlink'

export interface ExtractProgress {
  /** Regular files written so far. */
  files: number
  /** Content bytes written so far. */
  bytes: number
}

export interface ExtractSummary {
  /** The archive's top directory name (`photos` for `photos/...`), if it has one. */
  rootName?: string
  files: number
  directories: number
  symlinks: number
  hardLinks: number
  bytes: number
}

const PERMISSIONS = 0o777
const DEFAULT_DIRECTORY_MODE = 0o755

export class StagingTree {
  private readonly kinds = new Map<string, Kind>([['', 'implicit-directory']])
  private readonly directoryTimes = new Map<string, {mode: number; mtime: Date}>()
  private openFile: TarEntryHeader | undefined
  private readonly writer = new FileWriter()
  private readonly links = new Map<string, string>()
  private rootName: string | undefined
  private lastParent = ''
  private readonly progress: ExtractProgress = {files: 0, bytes: 0}
  private readonly counts = {directories: 0, symlinks: 0, hardLinks: 0}

  constructor(
    readonly path: string,
    private readonly umask: number,
    private readonly onProgress: (progress: ExtractProgress) => void = () => {},
  ) {}

  handle(event: TarEvent): void {
    if (event.kind === 'data') this.writeData(event.chunk)
    else if (event.kind === 'end') this.closeFile()
    else this.add(event.header)
  }

  /** True when the caller should await `ready` before handing more events. */
  get busy(): boolean {
    return this.writer.busy
  }

  /** Waits for the file writer to catch up; throws its failure, if any. */
  ready(): Promise<void> {
    return this.writer.ready()
  }

  /** Waits until every file is written; throws the first failure, if any. */
  drain(): Promise<void> {
    return this.writer.drain()
  }

  /** Stops the file writer (closing its open file); call it in any case before the tree is removed or committed. */
  stop(): Promise<void> {
    this.openFile = undefined
    return this.writer.stop()
  }

  /** `stop` for signal handlers: the writer stops at its next operation. */
  stopSync(): void {
    this.writer.stopSync()
  }

  private add(header: TarEntryHeader): void {
    const parts = this.locate(header.name, header.type === 'directory')
    switch (header.type) {
      case 'directory': return this.addDirectory(parts, header)
      case 'file': return this.addFile(parts, header)
      case 'symlink': return this.addSymlink(parts, header)
      case 'link': return this.addHardLink(parts, header)
      default: throw new UnsafeArchiveError(header.name, `${describeType(header)} entries are not extracted`)
    }
  }

  /** Checks what only the whole archive tells: no link leads outside through other links. */
  finish(): ExtractSummary {
    const [escaping] = findEscapingLinks(this.links)
    if (escaping !== undefined) throw new UnsafeArchiveError(this.displayName(escaping), 'through other links in the archive, the symbolic link points outside the extraction directory')
    return {...(this.rootName ? {rootName: this.rootName} : {}), ...this.counts, ...this.progress}
  }

  /** Applies directory modes and mtimes, deepest first, the staging directory itself last. */
  applyDirectoryMetadata(): void {
    const directories = [...this.kinds].filter(([, kind]) => kind !== 'file' && kind !== 'symlink').map(([key]) => key)
    directories.sort((a, b) => depthOf(b) - depthOf(a))
    for (const key of directories) {
      const absolute = this.absolute(key)
      const times = this.directoryTimes.get(key)
      chmodSync(absolute, times?.mode ?? DEFAULT_DIRECTORY_MODE)
      if (times !== undefined) utimesSync(absolute, times.mtime, times.mtime)
    }
  }

  /** Returns the entry's components below the root; `[]` is the root (the staging directory). */
  private locate(name: string, isDirectory: boolean): string[] {
    const parts = splitEntryName(name)
    if (this.rootName === undefined) {
      this.rootName = isDirectory && parts.length === 1 ? parts[0] : ''
      if (this.rootName !== '') return []
    }
    if (this.rootName === '') return parts
    if (parts[0] !== this.rootName) throw new UnsafeArchiveError(name, `it is outside the archive's top directory ${this.rootName}/`)
    return parts.slice(1)
  }

  private addDirectory(parts: string[], header: TarEntryHeader): void {
    const key = parts.join('/')
    const existing = this.kinds.get(key)
    if (existing !== undefined && existing !== 'implicit-directory') {
      throw new UnsafeArchiveError(header.name, 'the name appears twice in the archive')
    }
    if (existing === undefined) {
      this.makeParents(parts, header.name)
      this.attempt('create', header.name, () => mkdirSync(this.absolute(key), 0o700))
    }
    this.kinds.set(key, 'directory')
    this.directoryTimes.set(key, {mode: header.mode & PERMISSIONS, mtime: header.mtime})
    this.counts.directories++
  }

  private addFile(parts: string[], header: TarEntryHeader): void {
    const key = this.claim(parts, header.name, 'file')
    const mode = header.mode & PERMISSIONS
    this.writer.open(this.absolute(key), header.name, mode, (mode & this.umask) !== 0)
    this.openFile = header
  }

  private writeData(chunk: Buffer): void {
    const header = this.openFile as TarEntryHeader
    this.writer.write(chunk)
    this.progress.bytes += chunk.length
    if (header.size > PROGRESS_STEP) this.onProgress({...this.progress})
  }

  private closeFile(): void {
    const header = this.openFile as TarEntryHeader
    this.openFile = undefined
    this.writer.close(header.mtime.getTime() / 1000)
    this.progress.files++
    this.onProgress({...this.progress})
  }

  private addSymlink(parts: string[], header: TarEntryHeader): void {
    const linkname = header.linkname
    resolveLinkTarget(parts, linkname, header.name)
    const key = this.claim(parts, header.name, 'symlink')
    const absolute = this.absolute(key)
    this.attempt('create', header.name, () => {
      symlinkSync(linkname, absolute)
      lutimesSync(absolute, header.mtime, header.mtime)
    })
    this.links.set(key, linkname)
    this.counts.symlinks++
  }

  private addHardLink(parts: string[], header: TarEntryHeader): void {
    const linkname = header.linkname
    const target = this.findExtractedFile(linkname)
    if (target === undefined) {
      throw new UnsafeArchiveError(header.name, `the hard link target ${linkname} is not a file extracted earlier from this archive`)
    }
    const key = this.claim(parts, header.name, 'file')
    this.writer.link(this.absolute(target), this.absolute(key), header.name)
    this.counts.hardLinks++
  }

  /** Makes the parents, checks the name is new, and records it. */
  private claim(parts: string[], name: string, kind: Kind): string {
    if (parts.length === 0) throw new UnsafeArchiveError(name, 'only a directory may stand for the extraction directory itself')
    this.makeParents(parts, name)
    const key = parts.join('/')
    if (this.kinds.has(key)) throw new UnsafeArchiveError(name, 'the name appears twice in the archive')
    this.kinds.set(key, kind)
    return key
  }

  /** Creates missing parent directories (0700) and refuses a parent that is a file or a link. */
  private makeParents(parts: string[], name: string): void {
    const parent = parts.slice(0, -1).join('/')
    if (parent === this.lastParent) return
    for (let depth = 1; depth < parts.length; depth++) {
      const key = parts.slice(0, depth).join('/')
      const kind = this.kinds.get(key)
      if (kind === 'symlink') throw new UnsafeArchiveError(name, `it would be written through the symbolic link ${this.displayName(key)}`)
      if (kind === 'file') throw new UnsafeArchiveError(name, `its parent ${this.displayName(key)} is a file`)
      if (kind === undefined) {
        this.attempt('create', name, () => mkdirSync(this.absolute(key), 0o700))
        this.kinds.set(key, 'implicit-directory')
      }
    }
    this.lastParent = parent
  }

  /** The key of a regular file this extraction wrote under the archive name `name`, if any. */
  private findExtractedFile(name: string): string | undefined {
    let parts: string[]
    try {
      parts = splitEntryName(name)
    } catch {
      return undefined
    }
    if (this.rootName) {
      if (parts[0] !== this.rootName) return undefined
      parts = parts.slice(1)
    }
    const key = parts.join('/')
    return this.kinds.get(key) === 'file' ? key : undefined
  }

  private attempt<T>(action: string, name: string, call: () => T): T {
    try {
      return call()
    } catch (err) {
      throw describeFsError(action, name, err)
    }
  }

  private absolute(key: string): string {
    return key === '' ? this.path : `${this.path}/${key}`
  }

  private displayName(key: string): string {
    return this.rootName ? `${this.rootName}/${key}` : key
  }
}

/** Big files report progress at every chunk, small ones once. */
const PROGRESS_STEP = 1024 * 1024

function depthOf(key: string): number {
  let depth = key === '' ? 0 : 1
  for (let i = 0; i < key.length; i++) if (key.charCodeAt(i) === 47) depth++
  return depth
}

function describeType(header: TarEntryHeader): string {
  switch (header.type) {
    case 'character-device': return 'character device'
    case 'block-device': return 'block device'
    case 'fifo': return 'FIFO'
    default: return `unsupported (typeflag ${JSON.stringify(header.typeflag)})`
  }
}
