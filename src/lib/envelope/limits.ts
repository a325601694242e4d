/**
 * Limits on what a message may make us spend, checked from the header before any cost
 * (FORMAT.md §Limits), and the writer's frame length.
 */
import {UsageError} from '../errors.js'

export interface MessageLimits {
  /** EDKs in a header. Default 10. */
  maxEncryptedDataKeys: number
  /** Frame length on decrypt, and the length of a non-framed body: plaintext held before release. Default 16 MiB. */
  maxFrameLength: number
  /** Header plus header authentication. Default 1 MiB. */
  maxHeaderBytes: number
}

export const DEFAULT_LIMITS: Readonly<MessageLimits> = Object.freeze({
  maxEncryptedDataKeys: 10,
  maxFrameLength: 16 * 1024 * 1024,
  maxHeaderBytes: 1024 * 1024,
})

/** Frame length we write by default: 1 MiB. */
export const DEFAULT_FRAME_LENGTH = 1024 * 1024
/** Largest frame length the format can express. */
export const MAX_FRAME_LENGTH = 0xffffffff

export function resolveLimits(given: Partial<MessageLimits> = {}): MessageLimits {
  const limits = {...DEFAULT_LIMITS, ...stripUndefined(given)}
  for (const [name, value] of Object.entries(limits)) {
    if (!Number.isSafeInteger(value) || value < 1) throw new UsageError(`${name} must be a positive integer, not ${value}`)
  }
  return limits
}

export function assertFrameLength(frameLength: number, limits: MessageLimits): void {
  if (!Number.isSafeInteger(frameLength) || frameLength < 1 || frameLength > Math.min(MAX_FRAME_LENGTH, limits.maxFrameLength)) {
    throw new UsageError(`frame length must be an integer from 1 to ${Math.min(MAX_FRAME_LENGTH, limits.maxFrameLength)}, not ${frameLength}`)
  }
}

function stripUndefined<T extends object>(value: T): Partial<T> {
  return Object.fromEntries(Object.entries(value).filter(([, v]) => v !== undefined)) as Partial<T>
}
