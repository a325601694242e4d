/**
 * The Regions the local KMS serves: those AWS has, as the AWS SDK lists them. AWS answers a
 * request signed for a Region it does not have with InvalidSignatureException; so does the local
 * KMS, instead of keeping keys under a misspelt Region nobody will look in.
 */
import {partition} from '@aws-sdk/core/client'

export function isKnownRegion(region: string): boolean {
  // A Region the SDK lists comes back with its description; one that only matches a partition's pattern, without.
  return 'description' in partition(region)
}
