/**
 * Paths that are not plain files: what kms does with FIFOs, devices, links and its own stdout.
 *
 * An input path that is a FIFO or character device (`<(cmd)`, /dev/stdin) is read once, as a
 * stream, like `-`: it cannot be opened twice for its header and then its body.
 *
 * Where an output path (`-o PATH`) leads, before anything is written there:
 * - A new or regular file is made through a temporary file renamed into place (`file`); a
 *   symbolic link there is replaced, never written through (a planted link must not get another
 *   file overwritten).
 * - An existing FIFO or character device is written straight into (`stream`), as `cp` and
 *   `age -o` do: /dev/null, a terminal, a pipe behind /dev/stdout or /dev/fd/N, `>(cmd)`. A rename
 *   would replace the device node itself (as root, /dev/null). It is opened without creating or
 *   truncating anything, and used only if it still is a FIFO or device once open.
 * - The CLI turns a path that is its own stdout into `-` (`stdoutOr`, for its -o flags).
 * - Refused: block devices, sockets, and a link to a regular file that a process has open
 *   (/dev/stderr, /dev/fd/N): renaming over those would replace the link.
 */
import {closeSync, constants, fstatSync, lstatSync, openSync, readlinkSync, realpathSync, statSync, type Stats} from 'node:fs'
import {dirname, resolve} from 'node:path'
import {UsageError, describeFsError} from './errors.js'

/** Whether an input path is read as a stream: it exists and is neither a regular file nor a directory. */
export function readsAsStream(input: string): boolean {
  if (input === '-') return true
  const stats = statIfAny(input, statSync)
  return stats !== undefined && !stats.isFile() && !stats.isDirectory()
}

export type OutputKind = 'file' | 'stream'

export function outputKind(output: string): OutputKind {
  const stats = statIfAny(output, statSync)
  // /dev/stdin on a pipe: kms would hold the write end of its own input, and wait for ever.
  if (stats?.isFIFO() && sameAsFd(stats, 0)) throw new UsageError(`cannot write ${output}: it is this process's stdin`)
  if (stats?.isFIFO() || stats?.isCharacterDevice()) return 'stream'
  const special = stats && describeSpecialFile(stats)
  if (special) throw new UsageError(`cannot write ${output}: it is ${special}`, {hint: 'write to a file with -o FILE, or to stdout with -o -'})
  if (stats && standsForOpenFile(output)) {
    throw new UsageError(`cannot write ${output}: it stands for a file a process has open`, {hint: 'name the file itself with -o, or write to stdout with -o -'})
  }
  return 'file'
}

/** /dev/stderr, /dev/fd/N, /proc/self/fd/N: a link into /proc, or a path in a /proc fd directory. */
function standsForOpenFile(path: string): boolean {
  try {
    if (lstatSync(path).isSymbolicLink() && readlinkSync(path).startsWith('/proc/')) return true
    return realpathSync(dirname(resolve(path))).startsWith('/proc/')
  } catch {
    return false
  }
}

/**
 * Opens a `stream` output for writing: no create, no truncate, and only if what was opened is a
 * FIFO or character device (not a file put in its place since `outputKind` looked).
 */
export function openStream(output: string): number {
  let fd: number
  try {
    fd = openSync(output, constants.O_WRONLY | constants.O_NOCTTY)
  } catch (error) {
    throw describeFsError('write', output, error)
  }
  const stats = fstatSync(fd)
  if (stats.isFIFO() || stats.isCharacterDevice()) return fd
  closeSync(fd)
  throw new UsageError(`cannot write ${output}: it was replaced while kms was starting`)
}

/**
 * `-` for a path that is this process's stdout (/dev/stdout, /dev/fd/1, or the file or pipe it
 * is redirected to), else the path: such an output is written as `-o -` is, with no summary line
 * on stdout to corrupt it and no refusal of the file the shell just created for it.
 */
export function stdoutOr(path: string): string {
  if (path === '-') return path
  const output = statIfAny(path, statSync)
  return output !== undefined && isStdout(output) ? '-' : path
}

/** Whether this process's stdout is the file (pipe, device) these stats are of. */
export function isStdout(stats: Stats): boolean {
  return sameAsFd(stats, 1)
}

/** Whether stdin and stdout are one regular file (`kms encrypt - -o - < f >> f`). */
export function stdinIsStdout(): boolean {
  const stdin = fstatIfAny(0)
  return stdin !== undefined && stdin.isFile() && isStdout(stdin)
}

/** The path of the regular file stdout is redirected to, where /proc tells it (Linux); else undefined. */
export function stdoutFilePath(): string | undefined {
  if (fstatIfAny(1)?.isFile() !== true) return undefined
  try {
    const path = readlinkSync('/proc/self/fd/1')
    return path.startsWith('/') ? path : undefined
  } catch {
    return undefined
  }
}

function sameAsFd(stats: Stats, fd: number): boolean {
  const other = fstatIfAny(fd)
  return other !== undefined && stats.dev === other.dev && stats.ino === other.ino
}

function fstatIfAny(fd: number): Stats | undefined {
  try {
    return fstatSync(fd)
  } catch {
    return undefined // closed
  }
}

/** The path's stats, or undefined when it cannot be reached (missing, or under a file): the write then says why. */
export function statIfAny(path: string, stat: typeof statSync): Stats | undefined {
  try {
    return stat(path)
  } catch {
    return undefined
  }
}

/** 'a block device', 'a FIFO'… for what is neither a regular file, a directory nor a link; undefined otherwise. */
export function describeSpecialFile(stats: Stats): string | undefined {
  if (stats.isBlockDevice()) return 'a block device'
  if (stats.isCharacterDevice()) return 'a character device'
  if (stats.isFIFO()) return 'a FIFO'
  if (stats.isSocket()) return 'a socket'
  return undefined
}
