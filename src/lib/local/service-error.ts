/**
 * An exception as AWS KMS names it. The engine throws these; the protocol handler turns them into
 * `{"__type", "message"}` responses, and the SDK on the other side turns them back into errors of
 * the same name. Messages follow AWS's wording so that callers cannot tell the backends apart.
 */
export class ServiceError extends Error {
  constructor(name: string, message: string, readonly status = 400) {
    super(message)
    this.name = name
  }
}

/** AWS's wording for a single failed constraint. */
export function validationError(value: unknown, member: string, constraint: string): ServiceError {
  const shown = typeof value === 'string' ? value : JSON.stringify(value)
  return new ServiceError('ValidationException',
    `1 validation error detected: Value '${shown}' at '${member}' failed to satisfy constraint: ${constraint}`)
}

export const notFound = (message: string) => new ServiceError('NotFoundException', message)
export const invalidState = (message: string) => new ServiceError('KMSInvalidStateException', message)
