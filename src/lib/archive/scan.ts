/**
 * The pre-scan: one synchronous walk of the tree that lists what will be packed, in archive
 * order, with totals for progress. Links are never followed (the root itself may be a link to a
 * directory). Memory is a few hundred bytes per entry; file contents are not read here.
 */
import {lstatSync, readdirSync, readlinkSync, statSync, type Stats} from 'node:fs'
import {basename, resolve} from 'node:path'
import {UsageError} from '../errors.js'
import {describeFsError} from './errors.js'
import {compileExcludes, readIgnoreFile, type ExcludeMatcher} from './exclude.js'
import {findEscapingLinks, resolveLinkTarget} from './names.js'
import {describeSpecialFile} from '../special-files.js'

export interface ScannedEntry {
  /** Path below the root with `/` separators; `''` is the root. */
  path: string
  type: 'directory' | 'file' | 'symlink'
  /** Content length of a file, 0 otherwise. */
  size: number
  /** Permission bits, 0o7777 at most. */
  mode: number
  /** Modification time in whole seconds since the epoch. */
  mtime: number
  /** The same, in milliseconds as the file system gives it (to tell whether a file changed after the scan). */
  mtimeMs: number
  linkname?: string
}

export interface DirectoryScan {
  /** Absolute path of the root directory. */
  root: string
  /** The top-level name in the archive. */
  name: string
  entries: ScannedEntry[]
  totalFiles: number
  totalBytes: number
}

export interface ScanOptions {
  /** Extra exclude patterns, applied after those of `.kmsignore`. */
  exclude?: readonly string[]
  /** The top-level name in the archive; default: the root's base name. */
  name?: string
  onWarning?: (message: string) => void
}

/** Lists the entries to pack under `root`, honouring excludes and `.kmsignore`. */
export function scanDirectory(root: string, options: ScanOptions = {}): DirectoryScan {
  const absolute = resolve(root)
  const name = options.name ?? basename(absolute)
  if (name === '' || name.includes('/') || name === '.' || name === '..') {
    throw new UsageError(`cannot name the archive's top directory ${JSON.stringify(name)}`, {hint: 'pack a named directory, not the file system root'})
  }
  const rootStats = statPath(absolute, statSync)
  if (!rootStats.isDirectory()) throw new UsageError(`${root} is not a directory`)
  const excluded = compileExcludes([...readIgnoreFile(absolute), ...(options.exclude ?? [])])
  const warn = options.onWarning ?? (() => {})
  const entries = walkTree(absolute, rootStats, excluded, warn)
  // A --exclude that matched nothing is most often a path written from the wrong place (.kmsignore lines are not checked).
  for (const pattern of excluded.unused()) {
    if (options.exclude?.includes(pattern)) warn(`--exclude '${pattern}' matched nothing (patterns are relative to ${name}/, or match a name anywhere)`)
  }
  dropEscapingLinks(entries, name, warn)
  let totalFiles = 0
  let totalBytes = 0
  for (const entry of entries) {
    if (entry.type !== 'file') continue
    totalFiles++
    totalBytes += entry.size
  }
  return {root: absolute, name, entries, totalFiles, totalBytes}
}

/** Pre-order, children sorted by name, so that the archive is reproducible. */
function walkTree(root: string, rootStats: Stats, excluded: ExcludeMatcher, warn: (message: string) => void): ScannedEntry[] {
  const entries: ScannedEntry[] = [toEntry('', rootStats)]
  const pending = listChildren(root, '').reverse()
  while (pending.length > 0) {
    const path = pending.pop() as string
    const absolute = `${root}/${path}`
    const stats = statChild(absolute, path, warn)
    if (stats === undefined) continue
    if (excluded(path, stats.isDirectory())) continue
    if (stats.isDirectory()) {
      entries.push(toEntry(path, stats))
      const children = listChildren(absolute, path)
      for (let i = children.length - 1; i >= 0; i--) pending.push(children[i])
    } else if (stats.isFile()) {
      entries.push(toEntry(path, stats))
    } else if (stats.isSymbolicLink()) {
      const linkname = readlinkSync(absolute)
      if (isLinkInside(path, linkname, warn)) entries.push({...toEntry(path, stats), linkname})
    } else {
      warn(`skipped ${path}: it is ${describeSpecialFile(stats) ?? 'a special file'}, which is not archived`)
    }
  }
  return entries
}

function toEntry(path: string, stats: Stats): ScannedEntry {
  const type = stats.isDirectory() ? 'directory' : stats.isSymbolicLink() ? 'symlink' : 'file'
  return {path, type, size: type === 'file' ? stats.size : 0, mode: stats.mode & 0o7777, mtime: Math.floor(stats.mtimeMs / 1000), mtimeMs: stats.mtimeMs}
}

function listChildren(absolute: string, path: string): string[] {
  let names: string[]
  try {
    names = readdirSync(absolute)
  } catch (err) {
    throw describeFsError('read the directory', absolute, err)
  }
  return names.sort().map((name) => (path === '' ? name : `${path}/${name}`))
}

function statPath(absolute: string, stat: typeof lstatSync): Stats {
  try {
    return stat(absolute)
  } catch (err) {
    throw describeFsError('read', absolute, err)
  }
}

/** Stats of an entry found by readdir; `undefined`, with a warning, when it cannot be reached by name. */
function statChild(absolute: string, path: string, warn: (message: string) => void): Stats | undefined {
  try {
    return lstatSync(absolute)
  } catch (err) {
    if ((err as NodeJS.ErrnoException).code !== 'ENOENT') throw describeFsError('read', absolute, err)
    warn(path.includes('\uFFFD') ? `skipped ${path}: its name is not valid UTF-8` : `skipped ${path}: it was removed before it could be read`)
    return undefined
  }
}

function isLinkInside(path: string, linkname: string, warn: (message: string) => void): boolean {
  try {
    resolveLinkTarget(path.split('/'), linkname)
    return true
  } catch {
    warn(linkname.startsWith('/')
      ? `skipped the symbolic link ${path}: its target ${linkname} is an absolute path, which would not lead into the extracted copy, and extraction refuses such links`
      : `skipped the symbolic link ${path}: its target ${linkname} is outside the directory, and extraction refuses such links`)
    return false
  }
}

/** Removes links that escape through other links, until none is left (removing one can change another). */
function dropEscapingLinks(entries: ScannedEntry[], name: string, warn: (message: string) => void): void {
  for (;;) {
    const links = new Map(entries.filter((entry) => entry.type === 'symlink').map((entry) => [entry.path, entry.linkname as string]))
    const escaping = new Set(findEscapingLinks(links))
    if (escaping.size === 0) return
    for (const path of escaping) warn(`skipped the symbolic link ${path}: through other links it leads outside ${name}/, and extraction refuses such links`)
    let kept = 0
    for (const entry of entries) if (!escaping.has(entry.path)) entries[kept++] = entry
    entries.length = kept
  }
}
