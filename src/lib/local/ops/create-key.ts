import {randomUUID} from 'node:crypto'
import {defaultKeyPolicy} from '../../policy/validate.js'
import {immediate} from '../store.js'
import {ServiceError} from '../service-error.js'
import {addMaterial} from '../engine/ciphertext.js'
import {keyArn, toKeyMetadata, findKey} from '../engine/keys.js'
import {checkPolicy} from '../engine/policy.js'
import {parseTags, writeTags} from '../engine/tags.js'
import {optionalBoolean, optionalEnum, optionalString} from '../validate.js'
import type {Operation} from './operation.js'

const KEY_SPECS = ['SYMMETRIC_DEFAULT', 'RSA_2048', 'RSA_3072', 'RSA_4096', 'ECC_NIST_P256', 'ECC_NIST_P384', 'ECC_NIST_P521',
  'ECC_SECG_P256K1', 'ECC_NIST_EDWARDS25519', 'HMAC_224', 'HMAC_256', 'HMAC_384', 'HMAC_512', 'SM2', 'ML_DSA_44', 'ML_DSA_65', 'ML_DSA_87'] as const
const USAGES = ['ENCRYPT_DECRYPT', 'SIGN_VERIFY', 'GENERATE_VERIFY_MAC', 'KEY_AGREEMENT'] as const
const ORIGINS = ['AWS_KMS', 'EXTERNAL', 'AWS_CLOUDHSM', 'EXTERNAL_KEY_STORE'] as const

export const createKey: Operation = (ctx, input) => {
  const description = optionalString(input, 'Description', 0, 8192) ?? ''
  const keySpec = optionalEnum(input, 'KeySpec', KEY_SPECS) ?? optionalEnum(input, 'CustomerMasterKeySpec', KEY_SPECS) ?? 'SYMMETRIC_DEFAULT'
  const keyUsage = optionalEnum(input, 'KeyUsage', USAGES) ?? 'ENCRYPT_DECRYPT'
  const origin = optionalEnum(input, 'Origin', ORIGINS) ?? 'AWS_KMS'
  const multiRegion = optionalBoolean(input, 'MultiRegion') ?? false
  const policy = optionalString(input, 'Policy', 1, 131_072)
  const tags = parseTags(input)
  if (keySpec !== 'SYMMETRIC_DEFAULT' || origin !== 'AWS_KMS' || multiRegion) {
    throw new ServiceError('UnsupportedOperationException',
      `The local KMS does not support ${multiRegion ? 'multi-Region keys' : origin !== 'AWS_KMS' ? `origin ${origin}` : `key spec ${keySpec}`} yet.`)
  }
  if (keyUsage !== 'ENCRYPT_DECRYPT') {
    throw new ServiceError('ValidationException', `KeyUsage ${keyUsage} is not compatible with KeySpec ${keySpec}`)
  }
  if (policy !== undefined) checkPolicy(policy)
  const keyId = randomUUID()
  return immediate(ctx.engine.db, () => {
    const materialId = addMaterial(ctx, keyId)
    ctx.engine.db.prepare(`INSERT INTO keys (region, key_id, account_id, arn, created, description, key_usage, key_spec, origin,
      key_state, policy, multi_region, current_material_id) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, 'Enabled', ?, 0, ?)`)
      .run(ctx.region, keyId, ctx.engine.accountId, keyArn(ctx, keyId), ctx.engine.clock().getTime(), description, keyUsage,
        keySpec, origin, policy ?? defaultKeyPolicy(ctx.engine.accountId), materialId)
    writeTags(ctx, keyId, tags)
    const KeyMetadata = toKeyMetadata(findKey(ctx, keyId)!)
    ctx.resources.push(KeyMetadata.Arn as string)
    ctx.responseElements = {keyMetadata: {keyId, arn: KeyMetadata.Arn, keyState: 'Enabled', origin, keyManager: 'CUSTOMER', keySpec, keyUsage}}
    return {KeyMetadata}
  })
}
