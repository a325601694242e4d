/**
 * Input checks with AWS's error names and wording. Wrong JSON types are SerializationException,
 * as on AWS; broken constraints are ValidationException naming the member in camelCase.
 */
import {ServiceError, validationError} from './service-error.js'

export type Input = Record<string, unknown>

const memberName = (name: string) => name.charAt(0).toLowerCase() + name.slice(1)

function typeError(name: string, expected: string): ServiceError {
  return new ServiceError('SerializationException', `Cannot deserialize '${name}': expected ${expected}`)
}

export function optionalString(input: Input, name: string, min = 1, max = 2048): string | undefined {
  const value = input[name]
  if (value === undefined || value === null) return undefined
  if (typeof value !== 'string') throw typeError(name, 'a string')
  if (value.length < min) throw validationError(value, memberName(name), `Member must have length greater than or equal to ${min}`)
  if (value.length > max) throw validationError(value, memberName(name), `Member must have length less than or equal to ${max}`)
  return value
}

export function requiredString(input: Input, name: string, min = 1, max = 2048): string {
  const value = optionalString(input, name, min, max)
  if (value === undefined) throw validationError('null', memberName(name), 'Member must not be null')
  return value
}

export function optionalInteger(input: Input, name: string, min: number, max: number): number | undefined {
  const value = input[name]
  if (value === undefined || value === null) return undefined
  if (typeof value !== 'number' || !Number.isInteger(value)) throw typeError(name, 'an integer')
  if (value < min) throw validationError(value, memberName(name), `Member must have value greater than or equal to ${min}`)
  if (value > max) throw validationError(value, memberName(name), `Member must have value less than or equal to ${max}`)
  return value
}

export function optionalBoolean(input: Input, name: string): boolean | undefined {
  const value = input[name]
  if (value === undefined || value === null) return undefined
  if (typeof value !== 'boolean') throw typeError(name, 'a boolean')
  return value
}

export function optionalEnum<T extends string>(input: Input, name: string, allowed: readonly T[]): T | undefined {
  const value = optionalString(input, name, 1, 256)
  if (value === undefined) return undefined
  if (!allowed.includes(value as T)) {
    throw validationError(value, memberName(name), `Member must satisfy enum value set: [${allowed.join(', ')}]`)
  }
  return value as T
}

/** A base64 blob member, decoded, with its length bounds checked after decoding. */
export function optionalBlob(input: Input, name: string, min: number, max: number): Buffer | undefined {
  const value = input[name]
  if (value === undefined || value === null) return undefined
  if (typeof value !== 'string' || !/^[A-Za-z0-9+/]*={0,2}$/.test(value)) throw typeError(name, 'a base64-encoded blob')
  const bytes = Buffer.from(value, 'base64')
  if (bytes.length < min) throw validationError('java.nio.HeapByteBuffer', memberName(name), `Member must have length greater than or equal to ${min}`)
  if (bytes.length > max) throw validationError('java.nio.HeapByteBuffer', memberName(name), `Member must have length less than or equal to ${max}`)
  return bytes
}

export function requiredBlob(input: Input, name: string, min: number, max: number): Buffer {
  const value = optionalBlob(input, name, min, max)
  if (value === undefined) throw validationError('null', memberName(name), 'Member must not be null')
  return value
}

export function optionalStringMap(input: Input, name: string): Record<string, string> | undefined {
  const value = input[name]
  if (value === undefined || value === null) return undefined
  if (typeof value !== 'object' || Array.isArray(value)) throw typeError(name, 'a map of strings')
  for (const v of Object.values(value)) if (typeof v !== 'string') throw typeError(name, 'a map of strings')
  return value as Record<string, string>
}

export function optionalList<T>(input: Input, name: string, max: number, item: (value: unknown) => T): T[] | undefined {
  const value = input[name]
  if (value === undefined || value === null) return undefined
  if (!Array.isArray(value)) throw typeError(name, 'a list')
  if (value.length > max) throw validationError(value, memberName(name), `Member must have length less than or equal to ${max}`)
  return value.map(item)
}

export function requireObject(value: unknown, name: string): Input {
  if (typeof value !== 'object' || value === null || Array.isArray(value)) throw typeError(name, 'a structure')
  return value as Input
}
