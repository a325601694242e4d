/** `Limit` / `Marker` → `NextMarker` + `Truncated`, as the paginated KMS list operations answer. */
import {ServiceError} from '../service-error.js'
import {optionalInteger, optionalString, type Input} from '../validate.js'

export interface Page<T> {
  items: T[]
  Truncated: boolean
  NextMarker?: string
}

/** Pages a sorted list; the marker is the opaque position of the next item. */
export function paginate<T>(input: Input, all: T[]): Page<T> {
  const limit = optionalInteger(input, 'Limit', 1, 1000) ?? 100
  const marker = optionalString(input, 'Marker', 1, 1024)
  let start = 0
  if (marker !== undefined) {
    const decoded = Buffer.from(marker, 'base64url').toString()
    if (!/^\d{1,15}$/.test(decoded)) throw new ServiceError('InvalidMarkerException', 'Invalid marker')
    start = Number(decoded)
  }
  const items = all.slice(start, start + limit)
  const next = start + limit
  return next < all.length
    ? {items, Truncated: true, NextMarker: Buffer.from(String(next)).toString('base64url')}
    : {items, Truncated: false}
}
