/**
 * CreateKey: symmetric, RSA, ECC, Ed25519 and HMAC keys with the usages AWS allows for each spec;
 * multi-Region primaries (`mrk-` IDs); keys for imported material (Origin EXTERNAL, PendingImport).
 */
import {randomBytes, randomUUID} from 'node:crypto'
import {defaultKeyPolicy} from '../../policy/validate.js'
import {immediate} from '../store.js'
import {ServiceError} from '../service-error.js'
import {keyArn, toKeyMetadata, findKey} from '../engine/keys.js'
import {KEY_SPECS, KEY_USAGES, checkUsage} from '../engine/key-specs.js'
import {generateMaterial, insertMaterial} from '../engine/material.js'
import {checkLockout, checkPolicy} from '../engine/policy.js'
import {parseTags, writeTags} from '../engine/tags.js'
import {optionalBoolean, optionalEnum, optionalString} from '../validate.js'
import type {Operation} from './operation.js'
import {statement} from '../statements.js'

const ORIGINS = ['AWS_KMS', 'EXTERNAL', 'AWS_CLOUDHSM', 'EXTERNAL_KEY_STORE'] as const

export const newKeyId = (multiRegion: boolean) => multiRegion ? `mrk-${randomBytes(16).toString('hex')}` : randomUUID()

export const createKey: Operation = (ctx, input) => {
  const description = optionalString(input, 'Description', 0, 8192) ?? ''
  const keySpec = optionalEnum(input, 'KeySpec', KEY_SPECS) ?? optionalEnum(input, 'CustomerMasterKeySpec', KEY_SPECS) ?? 'SYMMETRIC_DEFAULT'
  const keyUsage = optionalEnum(input, 'KeyUsage', KEY_USAGES) ?? 'ENCRYPT_DECRYPT'
  const origin = optionalEnum(input, 'Origin', ORIGINS) ?? 'AWS_KMS'
  const multiRegion = optionalBoolean(input, 'MultiRegion') ?? false
  const policy = optionalString(input, 'Policy', 1, 131_072)
  const tags = parseTags(input)
  if (origin === 'AWS_CLOUDHSM' || origin === 'EXTERNAL_KEY_STORE') {
    throw new ServiceError('UnsupportedOperationException', `The local KMS does not support origin ${origin}: it has no custom key stores.`)
  }
  checkUsage(keySpec, keyUsage)
  const bypass = optionalBoolean(input, 'BypassPolicyLockoutSafetyCheck') ?? false
  if (policy !== undefined) checkPolicy(policy)
  if (policy !== undefined && !bypass) checkLockout(policy, ctx.caller)
  const keyId = newKeyId(multiRegion)
  const state = origin === 'EXTERNAL' ? 'PendingImport' : 'Enabled'
  return immediate(ctx.engine.db, () => {
    let materialId: string | null = null
    if (origin === 'AWS_KMS') {
      const {secret, publicKey} = generateMaterial(keySpec)
      materialId = insertMaterial(ctx.engine, keyId, secret, {public_key: publicKey})
    }
    statement(ctx.engine.db, `INSERT INTO keys (region, key_id, account_id, arn, created, description, key_usage, key_spec, origin,
      key_state, policy, multi_region, current_material_id, primary_region) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)`)
      .run(ctx.region, keyId, ctx.engine.accountId, keyArn(ctx, keyId), ctx.engine.clock().getTime(), description, keyUsage,
        keySpec, origin, state, policy ?? defaultKeyPolicy(ctx.engine.accountId), multiRegion ? 1 : 0, materialId,
        multiRegion ? ctx.region : null)
    writeTags(ctx, keyId, tags)
    const KeyMetadata = toKeyMetadata(findKey(ctx, keyId)!, ctx.engine)
    ctx.resources.push(KeyMetadata.Arn as string)
    ctx.responseElements = {keyMetadata: {keyId, arn: KeyMetadata.Arn, keyState: state, origin, keyManager: 'CUSTOMER', keySpec, keyUsage}}
    return {KeyMetadata}
  })
}
