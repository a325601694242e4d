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
  constructor(target: string, isDirectory = true) {
    super('TargetExistsError', isDirectory ? `output directory ${target} already exists` : `output ${target} already exists (a file; an archive extracts into a directory)`,
      {exitCode: ExitCode.Usage, hint: 'choose another path with -o, or replace it with --force'})
  }
}

/** A file shrank while it was being packed, after its size was written to the archive. */
export class FileChangedError extends KmsError {
  constructor(path: string) {
    super('FileChangedError', `${path} changed while it was being read`, {exitCode: ExitCode.Conflict, hint: 'pack it again once it no longer changes'})
  }
}

export {describeFsError} from '../errors.js'
