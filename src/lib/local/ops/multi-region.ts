/**
 * ReplicateKey and UpdatePrimaryRegion (kms-api.md §1.5). A replica is a row with the same key ID
 * in another Region: same spec, usage, origin and material (rotation included); its own policy,
 * description, tags and state. Both operations are called in the primary key's Region.
 */
import {defaultKeyPolicy} from '../../policy/validate.js'
import {immediate} from '../store.js'
import {ServiceError, notFound, validationError} from '../service-error.js'
import {findKey, requireNotPending, resolveKey, toKeyMetadata, type KeyRow} from '../engine/keys.js'
import {checkLockout, checkPolicy} from '../engine/policy.js'
import {parseTags, readTags, writeTags} from '../engine/tags.js'
import {optionalBoolean, optionalString, requiredString, type Input} from '../validate.js'
import type {RequestContext} from '../engine/engine.js'
import type {Operation} from './operation.js'
import {statement} from '../statements.js'
import {isKnownRegion, partitionOf} from '../regions.js'

const REGION = /^([a-z]+-){2,3}\d+$/

function regionMember(input: Input, name: string): string {
  const region = requiredString(input, name, 1, 32)
  if (!REGION.test(region)) throw validationError(region, name.charAt(0).toLowerCase() + name.slice(1), `Member must satisfy regular expression pattern: ${REGION.source}`)
  // A replica in a Region AWS does not have could never be reached, nor deleted (its primary would wait for it for ever).
  if (!isKnownRegion(region)) throw new ServiceError('ValidationException', `${region} is not an AWS Region.`)
  return region
}

/** ReplicateKey and UpdatePrimaryRegion act on a multi-Region primary key. */
function requirePrimary(key: KeyRow): void {
  if (key.multi_region !== 1) throw new ServiceError('UnsupportedOperationException', `${key.arn} is not a multi-Region key.`)
  if (key.primary_region !== key.region) {
    throw new ServiceError('UnsupportedOperationException', `${key.arn} is not a multi-Region primary key. Call this operation in the primary's Region, ${key.primary_region}.`)
  }
}

export const replicateKey: Operation = (ctx, input) => immediate(ctx.engine.db, () => {
  const key = resolveKey(ctx, requiredString(input, 'KeyId'))
  const replicaRegion = regionMember(input, 'ReplicaRegion')
  const description = optionalString(input, 'Description', 0, 8192) ?? ''
  const policy = optionalString(input, 'Policy', 1, 131_072)
  const tags = parseTags(input)
  requirePrimary(key)
  requireNotPending(key)
  if (replicaRegion === key.region) throw new ServiceError('ValidationException', `ReplicaRegion ${replicaRegion} is the Region of the primary key.`)
  if (partitionOf(replicaRegion) !== partitionOf(key.region)) {
    throw new ServiceError('ValidationException', `ReplicaRegion ${replicaRegion} is in another partition than ${key.region}: multi-Region keys are replicated within their partition.`)
  }
  const replicaCtx: RequestContext = {...ctx, region: replicaRegion}
  if (findKey(replicaCtx, key.key_id)) {
    throw new ServiceError('AlreadyExistsException', `A multi-Region key with key ID ${key.key_id} already exists in ${replicaRegion}.`)
  }
  if (policy !== undefined) checkPolicy(policy)
  if (policy !== undefined && !(optionalBoolean(input, 'BypassPolicyLockoutSafetyCheck') ?? false)) checkLockout(policy, ctx.caller)
  const arn = `arn:aws:kms:${replicaRegion}:${ctx.engine.accountId}:key/${key.key_id}`
  const state = key.key_state === 'PendingImport' || key.current_material_id === null ? 'PendingImport' : 'Enabled'
  statement(ctx.engine.db, `INSERT INTO keys (region, key_id, account_id, arn, created, description, key_usage, key_spec, origin, key_state,
    policy, multi_region, current_material_id, valid_to, expiration_model, rotation_period_days, next_rotation, primary_region)
    VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, 1, ?, ?, ?, ?, ?, ?)`)
    .run(replicaRegion, key.key_id, key.account_id, arn, ctx.engine.clock().getTime(), description, key.key_usage, key.key_spec, key.origin,
      state, policy ?? defaultKeyPolicy(ctx.engine.accountId), key.current_material_id, key.valid_to, key.expiration_model,
      key.rotation_period_days, key.next_rotation, key.primary_region)
  writeTags(replicaCtx, key.key_id, tags)
  const replica = findKey(replicaCtx, key.key_id)!
  ctx.resources.push(arn)
  ctx.responseElements = {replicaKeyMetadata: {keyId: key.key_id, arn, keyState: state}}
  return {ReplicaKeyMetadata: toKeyMetadata(replica, ctx.engine), ReplicaPolicy: replica.policy, ReplicaTags: readTags(replicaCtx, key.key_id)}
})

export const updatePrimaryRegion: Operation = (ctx, input) => immediate(ctx.engine.db, () => {
  const key = resolveKey(ctx, requiredString(input, 'KeyId'))
  const primaryRegion = regionMember(input, 'PrimaryRegion')
  requirePrimary(key)
  requireNotPending(key)
  if (primaryRegion === key.region) throw new ServiceError('ValidationException', `${key.arn} is already the primary key.`)
  const replica = findKey({...ctx, region: primaryRegion}, key.key_id)
  if (!replica) throw notFound(`Key 'arn:aws:kms:${primaryRegion}:${ctx.engine.accountId}:key/${key.key_id}' does not exist`)
  requireNotPending(replica)
  statement(ctx.engine.db, 'UPDATE keys SET primary_region = ? WHERE key_id = ?').run(primaryRegion, key.key_id)
  ctx.resources.push(replica.arn)
  return {}
})
