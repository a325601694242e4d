/**
 * One error family for the whole tool. Every error that reaches the user carries an AWS-style
 * `name`, a one-line message naming the input, optional hints, and an exit code from the table
 * below (documented in README.md §Exit codes). The base command is the one translation point.
 */

export const ExitCode = {
  /** Success. */
  Ok: 0,
  /** Anything not classified below (a bug, an unexpected service error). */
  Failure: 1,
  /** Bad flags, arguments, input files or values. */
  Usage: 2,
  /** The key, alias, file or other named thing does not exist. */
  NotFound: 3,
  /** Access denied, bad or missing credentials, bad signature. */
  AccessDenied: 4,
  /** The key is disabled, pending deletion, pending import or otherwise in the wrong state or usage. */
  InvalidState: 5,
  /** Ciphertext is tampered, truncated, made with another key or under another encryption context. */
  Integrity: 6,
  /** Network failure, throttling, or the service is unavailable: retrying may help. */
  Unavailable: 7,
  /** The thing already exists, or a limit or conflict prevents the change. */
  Conflict: 8,
  /** The disk failed a read or write: no space left, a quota, an I/O error. Free space (or mend the disk) and run again. */
  Storage: 9,
  /** Cancelled with Ctrl-C at a prompt: as for a process that SIGINT ends. */
  Interrupted: 130,
  /** Whoever read stdout closed it early (`| head`): nothing is printed, as for a process that SIGPIPE ends. */
  BrokenPipe: 141,
} as const
export type ExitCode = (typeof ExitCode)[keyof typeof ExitCode]

export interface KmsErrorOptions {
  hint?: string | string[]
  exitCode?: ExitCode
  cause?: unknown
}

/** An error meant for the user: its message is shown as is, without a stack trace. */
export class KmsError extends Error {
  readonly hints: string[]
  readonly exitCode: ExitCode

  constructor(name: string, message: string, options: KmsErrorOptions = {}) {
    super(message, {cause: options.cause})
    this.name = name
    this.hints = options.hint === undefined ? [] : [options.hint].flat()
    this.exitCode = options.exitCode ?? exitCodeForName(name)
  }
}

/** Bad input from the user: flags, arguments, files. */
export class UsageError extends KmsError {
  constructor(message: string, options: KmsErrorOptions = {}) {
    super('UsageError', message, {...options, exitCode: ExitCode.Usage})
  }
}

/** The one message for every integrity failure: it never says which check failed. */
export const INTEGRITY_MESSAGE = 'decryption failed: the data is corrupt, truncated, or was not encrypted for the keys and encryption context given'

export class IntegrityError extends KmsError {
  /** With `input`, the message names it: "decryption of NAME failed: …". */
  constructor(options: KmsErrorOptions & {input?: string} = {}) {
    super('IntegrityError', options.input === undefined ? INTEGRITY_MESSAGE : INTEGRITY_MESSAGE.replace('decryption failed', `decryption of ${options.input} failed`),
      {...options, exitCode: ExitCode.Integrity})
  }
}

const byName: Record<string, ExitCode> = {
  UsageError: ExitCode.Usage,
  ValidationException: ExitCode.Usage,
  SerializationException: ExitCode.Usage,
  InvalidAliasNameException: ExitCode.Usage,
  InvalidArnException: ExitCode.Usage,
  InvalidMarkerException: ExitCode.Usage,
  InvalidGrantIdException: ExitCode.Usage,
  InvalidGrantTokenException: ExitCode.Usage,
  MalformedPolicyDocumentException: ExitCode.Usage,
  TagException: ExitCode.Usage,
  UnsupportedOperationException: ExitCode.Usage,
  InvalidImportTokenException: ExitCode.Usage,
  ExpiredImportTokenException: ExitCode.Usage,
  IncorrectKeyMaterialException: ExitCode.Usage,
  DryRunOperationException: ExitCode.Ok,
  NotFoundException: ExitCode.NotFound,
  NotFound: ExitCode.NotFound,
  AccessDeniedException: ExitCode.AccessDenied,
  NotAuthorizedException: ExitCode.AccessDenied,
  AccessDenied: ExitCode.AccessDenied,
  UnrecognizedClientException: ExitCode.AccessDenied,
  InvalidSignatureException: ExitCode.AccessDenied,
  IncompleteSignature: ExitCode.AccessDenied,
  MissingAuthenticationTokenException: ExitCode.AccessDenied,
  InvalidClientTokenId: ExitCode.AccessDenied,
  ExpiredTokenException: ExitCode.AccessDenied,
  SignatureDoesNotMatch: ExitCode.AccessDenied,
  CredentialsProviderError: ExitCode.AccessDenied,
  DisabledException: ExitCode.InvalidState,
  KMSInvalidStateException: ExitCode.InvalidState,
  InvalidKeyUsageException: ExitCode.InvalidState,
  KeyUnavailableException: ExitCode.InvalidState,
  InvalidCiphertextException: ExitCode.Integrity,
  IncorrectKeyException: ExitCode.Integrity,
  KMSInvalidSignatureException: ExitCode.Integrity,
  KMSInvalidMacException: ExitCode.Integrity,
  IntegrityError: ExitCode.Integrity,
  ThrottlingException: ExitCode.Unavailable,
  DependencyTimeoutException: ExitCode.Unavailable,
  KMSInternalException: ExitCode.Unavailable,
  ServiceUnavailableException: ExitCode.Unavailable,
  NetworkError: ExitCode.Unavailable,
  TimeoutError: ExitCode.Unavailable,
  AlreadyExistsException: ExitCode.Conflict,
  LimitExceededException: ExitCode.Conflict,
  ConflictException: ExitCode.Conflict,
}

/** The exit code for an AWS exception name or one of ours. */
export function exitCodeForName(name: string): ExitCode {
  return byName[name] ?? ExitCode.Failure
}

/** A file system call failed on a named path: `cannot <action> <path>: <reason>`, exit 2 when the path is at fault, else 1. */
export function describeFsError(action: string, path: string, err: unknown): KmsError {
  if (err instanceof KmsError) return err
  const code = (err as NodeJS.ErrnoException | undefined)?.code
  const reason = code === undefined ? String((err as Error)?.message ?? err) : describeCode(code)
  // A path that is not there is "not found" (README: a missing input file or output directory); other path problems are usage errors.
  const exitCode = code === 'ENOENT' ? ExitCode.NotFound
    : code !== undefined && INPUT_CODES.has(code) ? ExitCode.Usage
      : code !== undefined && STORAGE_CODES.has(code) ? ExitCode.Storage : ExitCode.Failure
  return new KmsError('FileSystemError', `cannot ${action} ${path}: ${reason}`, {exitCode, cause: err})
}

/** Codes that mean the named path is wrong, rather than the machine being in trouble. */
const INPUT_CODES = new Set(['ENOENT', 'EACCES', 'EPERM', 'ENOTDIR', 'EISDIR', 'ELOOP', 'ENAMETOOLONG', 'EEXIST', 'EROFS'])
/** Codes that mean the disk is full or failing. */
const STORAGE_CODES = new Set(['ENOSPC', 'EDQUOT', 'EIO', 'EFBIG'])

function describeCode(code: string): string {
  switch (code) {
    case 'ENOENT': return 'no such file or directory'
    case 'EACCES': case 'EPERM': return 'permission denied'
    case 'ENOTDIR': return 'not a directory'
    case 'EISDIR': return 'is a directory'
    case 'ENOSPC': return 'no space left on device'
    case 'EDQUOT': return 'disk quota exceeded'
    case 'EIO': return 'input/output error'
    case 'EFBIG': return 'file too large'
    case 'EROFS': return 'read-only file system'
    case 'ENAMETOOLONG': return 'name too long'
    case 'EEXIST': return 'already exists'
    case 'ELOOP': return 'too many levels of symbolic links'
    default: return code
  }
}

