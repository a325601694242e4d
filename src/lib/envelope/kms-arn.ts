/**
 * KMS key ARNs as the KMS keyring needs them: parse, and match two identifiers strictly or as
 * the same multi-Region key in two Regions (FORMAT.md §KMS keyring).
 */

export interface KmsKeyArn {
  partition: string
  region: string
  accountId: string
  /** `key` or `alias`. */
  resourceType: string
  /** The key ID (`1234abcd-…`, `mrk-…`) or alias name. */
  resourceId: string
}

/** Parses `arn:<partition>:kms:<region>:<account>:key/<id>`; undefined for anything else. */
export function parseKmsKeyArn(value: string): KmsKeyArn | undefined {
  const parts = value.split(':')
  if (parts.length !== 6 || parts[0] !== 'arn' || parts[2] !== 'kms') return undefined
  const [, partition, , region, accountId, resource] = parts
  const slash = resource.indexOf('/')
  if (!partition || !region || !accountId || slash <= 0) return undefined
  const resourceType = resource.slice(0, slash)
  const resourceId = resource.slice(slash + 1)
  if ((resourceType !== 'key' && resourceType !== 'alias') || !resourceId) return undefined
  return {partition, region, accountId, resourceType, resourceId}
}

export function isMultiRegionKeyArn(arn: KmsKeyArn): boolean {
  return arn.resourceType === 'key' && arn.resourceId.startsWith('mrk-')
}

/** Equal ARNs, or the same multi-Region key (partition, account and key ID) in any Region. */
export function matchKeyArns(a: string, b: string): boolean {
  if (a === b) return true
  const left = parseKmsKeyArn(a)
  const right = parseKmsKeyArn(b)
  if (left === undefined || right === undefined || !isMultiRegionKeyArn(left) || !isMultiRegionKeyArn(right)) return false
  return left.partition === right.partition && left.accountId === right.accountId && left.resourceId === right.resourceId
}

/** The same ARN in another Region. */
export function withRegion(arn: KmsKeyArn, region: string): string {
  return `arn:${arn.partition}:kms:${region}:${arn.accountId}:${arn.resourceType}/${arn.resourceId}`
}
