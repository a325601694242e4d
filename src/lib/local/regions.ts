/**
 * The Regions the local KMS serves: those AWS has, as the AWS SDK lists them, and any Region its
 * store already holds keys or aliases in (stores made before this check may use names such as
 * `local`: their keys stay reachable). AWS answers a request signed for a Region it does not have
 * with InvalidSignatureException; so does the local KMS, instead of keeping new keys under a
 * misspelt Region nobody will look in.
 */
import {partition} from '@aws-sdk/core/client'
import type {Engine} from './engine/engine.js'

/** A Region AWS has: Region-shaped and in the SDK's list (which also holds pseudo-Regions such as aws-global). */
export function isKnownRegion(region: string): boolean {
  // A listed Region comes back with its description; one that only matches a partition's pattern, without.
  return /^[a-z]+(-[a-z]+)+-\d+$/.test(region) && 'description' in partition(region)
}

export function isServedRegion(engine: Engine, region: string): boolean {
  if (isKnownRegion(region)) return true
  return engine.db.prepare('SELECT 1 FROM keys WHERE region = ? UNION ALL SELECT 1 FROM aliases WHERE region = ? LIMIT 1').get(region, region) !== undefined
}

/** The partition a Region belongs to (aws, aws-cn, aws-us-gov…): ARNs and replicas stay within it. */
export function partitionOf(region: string): string {
  return partition(region).name
}
