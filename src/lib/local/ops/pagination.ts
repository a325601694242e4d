/** `Limit` / `Marker` → `NextMarker` + `Truncated`, as the paginated KMS list operations answer. */
import {ServiceError} from '../service-error.js'
import {optionalInteger, optionalString, type Input} from '../validate.js'

export interface Page<T> {
  items: T[]
  Truncated: boolean
  NextMarker?: string
}

/**
 * Pages a sorted list; the marker is the opaque position of the next item. `Limit` is 1 to 1000
 * (default 100), except where KMS documents less: ListAliases 1 to 100 (default 50),
 * ListResourceTags 1 to 50 (default 50).
 */
export function paginate<T>(input: Input, all: T[], bounds: {max: number; byDefault: number} = {max: 1000, byDefault: 100}): Page<T> {
  const limit = optionalInteger(input, 'Limit', 1, bounds.max) ?? bounds.byDefault
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
