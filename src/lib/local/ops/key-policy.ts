/** GetKeyPolicy, PutKeyPolicy, ListKeyPolicies: one policy per key, named "default". */
import {ServiceError} from '../service-error.js'
import {requireNotPending, resolveKey} from '../engine/keys.js'
import {checkLockout, checkPolicy} from '../engine/policy.js'
import {optionalBoolean, optionalString, requiredString, type Input} from '../validate.js'
import {paginate} from './pagination.js'
import type {Operation} from './operation.js'
import {statement} from '../statements.js'

function policyName(input: Input, required: boolean): 'default' {
  const name = required ? requiredString(input, 'PolicyName', 1, 128) : optionalString(input, 'PolicyName', 1, 128) ?? 'default'
  if (name !== 'default') throw new ServiceError('NotFoundException', `No such policy exists: ${name}. The only valid policy name is "default".`)
  return name
}

export const getKeyPolicy: Operation = (ctx, input) => {
  const key = resolveKey(ctx, requiredString(input, 'KeyId'))
  const PolicyName = policyName(input, false)
  return {Policy: key.policy, PolicyName}
}

export const putKeyPolicy: Operation = (ctx, input) => {
  const key = resolveKey(ctx, requiredString(input, 'KeyId'))
  policyName(input, false)
  const policy = requiredString(input, 'Policy', 1, 131_072)
  const bypass = optionalBoolean(input, 'BypassPolicyLockoutSafetyCheck') ?? false
  checkPolicy(policy)
  if (!bypass) checkLockout(policy, ctx.caller)
  requireNotPending(key)
  statement(ctx.engine.db, 'UPDATE keys SET policy = ? WHERE region = ? AND key_id = ?').run(policy, key.region, key.key_id)
  return {}
}

export const listKeyPolicies: Operation = (ctx, input) => {
  resolveKey(ctx, requiredString(input, 'KeyId'))
  const {items, ...page} = paginate(input, ['default'])
  return {PolicyNames: items, ...page}
}
