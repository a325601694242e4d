/**
 * Turns anything thrown into a KmsError the user can act on: SDK service exceptions keep their AWS
 * name and get a hint, network and credential failures are named as such, and anything unexpected
 * becomes one line (the stack only with KMS_DEBUG=1).
 */
import {ExitCode, KmsError, describeFsError} from './errors.js'

const NETWORK_CODES = new Set(['ECONNREFUSED', 'ENOTFOUND', 'ETIMEDOUT', 'ECONNRESET', 'EAI_AGAIN', 'EHOSTUNREACH', 'ENETUNREACH', 'EPIPE'])

const HINTS: Record<string, string> = {
  NotFoundException: 'list what exists: kms keys list, kms aliases list',
  DisabledException: 'enable the key: kms keys enable KEY',
  AccessDeniedException: 'check the key policy and the credentials in use (--profile, AWS_PROFILE)',
  UnrecognizedClientException: 'the access key is not known to this endpoint: check --profile, AWS_ACCESS_KEY_ID or kms local credentials',
  InvalidSignatureException: 'the secret key does not match the access key, or the clock is off by more than 15 minutes',
  InvalidCiphertextException: 'the ciphertext or the encryption context (-c) differs from what was encrypted',
  IncorrectKeyException: 'the ciphertext was encrypted under another key: leave out --key-id, or give the right key',
}

function hintFor(name: string, message: string): string | undefined {
  if (name === 'KMSInvalidStateException' && /\bis pending deletion/.test(message)) return 'cancel the deletion: kms keys cancel-deletion KEY'
  if (name === 'MalformedPolicyDocumentException' && /will not allow you to update the key policy/.test(message)) {
    return 'keep kms:PutKeyPolicy for your account (its root) or yourself, or pass --bypass-policy-lockout-safety-check'
  }
  if (name === 'AlreadyExistsException' && /\balias\b/i.test(message)) return 'pick another name, or move the existing alias: kms aliases update'
  if (name === 'UnrecognizedClientException' && process.env.AWS_SESSION_TOKEN) {
    return 'the access key or the session token is not known to this endpoint: check AWS_SESSION_TOKEN (the local KMS takes none: unset it), --profile, AWS_ACCESS_KEY_ID'
  }
  return HINTS[name]
}

export function describeError(error: unknown, context: {endpoint?: string} = {}): KmsError {
  if (error instanceof KmsError) {
    const hint = error.hints.length === 0 ? hintFor(error.name, error.message) : undefined
    return hint ? new KmsError(error.name, error.message, {hint, exitCode: error.exitCode, cause: error.cause ?? error}) : error
  }
  const err = error as Error & {code?: string; $metadata?: unknown; $fault?: string; cause?: unknown}
  const code = err?.code ?? (err?.cause as {code?: string} | undefined)?.code
  const timeout = /exceeded the configured (\d+) ms requestTimeout/.exec(err?.message ?? '')
  if (timeout) {
    return new KmsError('NetworkError', `no answer from KMS${context.endpoint ? ` at ${context.endpoint}` : ''} within ${Number(timeout[1]) / 1000} s (each attempt)`,
      {exitCode: ExitCode.Unavailable, hint: 'check --endpoint-url and the network; KMS_TIMEOUT sets the wait in seconds', cause: error})
  }
  if (code && NETWORK_CODES.has(code)) {
    return new KmsError('NetworkError', `cannot reach KMS${context.endpoint ? ` at ${context.endpoint}` : ''}: ${err.message}`,
      {exitCode: ExitCode.Unavailable, hint: 'check --endpoint-url, --region and the network', cause: error})
  }
  if (err?.name === 'TimeoutError' || err?.name === 'AbortError') {
    return new KmsError('NetworkError', `the request to KMS timed out${context.endpoint ? ` (${context.endpoint})` : ''}`, {exitCode: ExitCode.Unavailable, cause: error})
  }
  if (/^Region (not accepted|is missing)\b/.test(err?.message ?? '')) {
    return new KmsError('ConfigurationError', err.message.startsWith('Region is missing') ? 'no AWS Region is set' : err.message.replace(/^Region not accepted: /, 'invalid AWS Region: '),
      {exitCode: ExitCode.Usage, cause: error, hint: 'give one with --region us-east-1, AWS_REGION, or kms config set region REGION'})
  }
  // A file the user named (Node's errors carry the path and the system call).
  if (code && typeof (err as {path?: unknown}).path === 'string' && typeof (err as {syscall?: unknown}).syscall === 'string') {
    return describeFsError((err as unknown as {syscall: string}).syscall === 'open' ? 'open' : 'use', (err as unknown as {path: string}).path, error)
  }
  if (err?.name === 'ExitPromptError') return new KmsError('Interrupted', 'cancelled: nothing was created', {exitCode: ExitCode.Interrupted})
  if (err?.name === 'CredentialsProviderError') {
    return new KmsError('CredentialsProviderError', `no AWS credentials found: ${err.message.split('\n')[0]}`, {
      exitCode: ExitCode.AccessDenied, cause: error,
      hint: 'configure credentials (aws configure, aws sso login, AWS_PROFILE), or use the local backend: --backend local'})
  }
  if (err && '$metadata' in err && typeof err.name === 'string') {
    const name = err.name
    const hint = hintFor(name, err.message)
    const message = err.message && err.message !== 'UnknownError' ? err.message : name
    return new KmsError(name, message, {hint, cause: error})
  }
  return new KmsError('UnexpectedError', `unexpected error: ${err?.message ?? String(error)}`, {
    exitCode: ExitCode.Failure, cause: error, hint: process.env.KMS_DEBUG ? undefined : 'set KMS_DEBUG=1 to see details',
  })
}
