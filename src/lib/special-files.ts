/**
 * Paths that are not plain files: what kms does with FIFOs, devices, links and its own stdout.
 *
 * An input path that is a FIFO or character device (`<(cmd)`, /dev/stdin) is read once, as a
 * stream, like `-`: it cannot be opened twice for its header and then its body.
 *
 * Where an output path (`-o PATH`) leads, before anything is written there:
 * - A new or regular file is made through a temporary file renamed into place (`file`). A
 *   symbolic link is written through, to the file it points to, and never replaced itself.
 * - An existing FIFO or character device is written straight into (`stream`), as `cp` and
 *   `age -o` do: /dev/null, a terminal, /dev/stdout on a pipe, /dev/fd/N of a process
 *   substitution. A rename would replace the device node itself (as root, /dev/null).
 * - Block devices and sockets are refused.
 */
import {fstatSync, lstatSync, realpathSync, statSync, type Stats} from 'node:fs'
import {UsageError} from './errors.js'

/** Whether an input path is read as a stream: it exists and is neither a regular file nor a directory. */
export function readsAsStream(input: string): boolean {
  if (input === '-') return true
  const stats = statIfAny(input, statSync)
  return stats !== undefined && !stats.isFile() && !stats.isDirectory()
}

export interface OutputTarget {
  kind: 'file' | 'stream'
  /** Where to write: for a link to an existing file, that file. */
  path: string
}

export function outputTarget(output: string): OutputTarget {
  const stats = statIfAny(output, statSync)
  if (stats?.isFIFO() || stats?.isCharacterDevice()) return {kind: 'stream', path: output}
  const special = stats && describeSpecialFile(stats)
  if (special) throw new UsageError(`cannot write ${output}: it is ${special}`, {hint: 'write to a file with -o FILE, or to stdout with -o -'})
  const isLink = statIfAny(output, lstatSync)?.isSymbolicLink() === true
  return {kind: 'file', path: isLink && stats ? realpathSync(output) : output}
}

/**
 * `-` for a path that is this process's stdout (/dev/stdout, /dev/fd/1, or the file or pipe it
 * is redirected to), else the path: such an output is written as `-o -` is, with no summary line
 * on stdout to corrupt it and no refusal of the file the shell just created for it.
 */
export function stdoutOr(path: string): string {
  if (path === '-') return path
  const output = statIfAny(path, statSync)
  if (output === undefined) return path
  try {
    const stdout = fstatSync(1)
    return output.dev === stdout.dev && output.ino === stdout.ino ? '-' : path
  } catch {
    return path // stdout closed
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
