/**
 * The errors of the archive library. All are KmsErrors: the message names the entry or path,
 * and the exit code says whether the archive (Integrity) or the user's input (Usage, Conflict)
 * is at fault.
 */
import {ExitCode, KmsError} from '../errors.js'

/** The archive asks for something extraction refuses: an escaping name or link, a device, a duplicate. */
export class UnsafeArchiveError extends KmsError {
  constructor(entry: string, reason: string) {
    super('UnsafeArchiveError', `refusing archive entry ${JSON.stringify(entry)}: ${reason}`, {
      exitCode: ExitCode.Integrity,
      hint: 'nothing was extracted; list the entries with kms decrypt --list',
    })
  }
}

/** The payload is not a tar stream we can read (bad header, truncated entry). */
export class InvalidArchiveError extends KmsError {
  constructor(reason: string, cause?: unknown) {
    super('InvalidArchiveError', `the payload is not a valid tar archive: ${reason}`, {exitCode: ExitCode.Integrity, cause})
  }
}

/** The extraction target exists and the caller did not ask to replace it. */
export class TargetExistsError extends KmsError {
  constructor(target: string) {
    super('TargetExistsError', `${target} already exists`, {exitCode: ExitCode.Conflict, hint: 'pass --force to replace it'})
  }
}

/** A file shrank while it was being packed, after its size was written to the archive. */
export class FileChangedError extends KmsError {
  constructor(path: string) {
    super('FileChangedError', `${path} changed while it was being read`, {exitCode: ExitCode.Failure, hint: 'pack it again once it no longer changes'})
  }
}

/** A file system call failed on a named path, while packing or extracting. */
export function describeFsError(action: string, path: string, err: unknown): KmsError {
  if (err instanceof KmsError) return err
  const code = (err as NodeJS.ErrnoException | undefined)?.code
  const reason = code === undefined ? String((err as Error)?.message ?? err) : describeCode(code)
  const exitCode = code !== undefined && INPUT_CODES.has(code) ? ExitCode.Usage : ExitCode.Failure
  return new KmsError('FileSystemError', `cannot ${action} ${path}: ${reason}`, {exitCode, cause: err})
}

/** Codes that mean the named path is wrong, rather than the machine being in trouble. */
const INPUT_CODES = new Set(['ENOENT', 'EACCES', 'EPERM', 'ENOTDIR', 'EISDIR', 'ELOOP', 'ENAMETOOLONG', 'EEXIST'])

function describeCode(code: string): string {
  switch (code) {
    case 'ENOENT': return 'no such file or directory'
    case 'EACCES': case 'EPERM': return 'permission denied'
    case 'ENOTDIR': return 'not a directory'
    case 'EISDIR': return 'is a directory'
    case 'ENOSPC': return 'no space left on device'
    case 'ENAMETOOLONG': return 'name too long'
    case 'EEXIST': return 'already exists'
    case 'ELOOP': return 'too many levels of symbolic links'
    default: return code
  }
}

