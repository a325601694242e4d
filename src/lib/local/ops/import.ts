/** GetParametersForImport, ImportKeyMaterial, DeleteImportedKeyMaterial (kms-api.md §1.4). */
import {immediate} from '../store.js'
import {ServiceError, invalidState, notFound, validationError} from '../service-error.js'
import {requireNotPending, resolveKey, type KeyRow} from '../engine/keys.js'
import {checkMaterial, createImportParameters, deleteMaterialSecret, findImportedMaterial, unwrapMaterial} from '../engine/import.js'
import {findMaterial, insertMaterial, listMaterials, resealMaterial} from '../engine/material.js'
import {optionalEnum, optionalString, requiredBlob, requiredString, type Input} from '../validate.js'
import {MAX_CIPHERTEXT} from './crypto-input.js'
import {requiredEnum} from './sign-verify.js'
import type {Operation} from './operation.js'
import {statement} from '../statements.js'

const WRAPPING_ALGORITHMS = ['RSAES_PKCS1_V1_5', 'RSAES_OAEP_SHA_1', 'RSAES_OAEP_SHA_256', 'RSA_AES_KEY_WRAP_SHA_1', 'RSA_AES_KEY_WRAP_SHA_256', 'SM2PKE'] as const
const DAY_MS = 86_400_000

function requireExternal(key: KeyRow): void {
  if (key.origin !== 'EXTERNAL') {
    throw new ServiceError('UnsupportedOperationException', `${key.arn} origin is ${key.origin}: only keys with Origin EXTERNAL take imported key material.`)
  }
}

export const getParametersForImport: Operation = (ctx, input) => immediate(ctx.engine.db, () => {
  const key = resolveKey(ctx, requiredString(input, 'KeyId'))
  const algorithm = requiredEnum(input, 'WrappingAlgorithm', WRAPPING_ALGORITHMS)
  const spec = requiredEnum(input, 'WrappingKeySpec', ['RSA_2048', 'RSA_3072', 'RSA_4096', 'SM2'] as const)
  requireExternal(key)
  requireNotPending(key)
  if (algorithm === 'RSAES_PKCS1_V1_5') throw new ServiceError('ValidationException', 'RSAES_PKCS1_V1_5 is no longer supported as a wrapping algorithm.')
  if (algorithm === 'SM2PKE' || spec === 'SM2') throw new ServiceError('ValidationException', 'SM2 wrapping is available in China Regions only.')
  if (key.key_spec.startsWith('RSA_') && algorithm.startsWith('RSAES_OAEP')) {
    throw new ServiceError('ValidationException', `RSA private key material must be wrapped with RSA_AES_KEY_WRAP_SHA_1 or RSA_AES_KEY_WRAP_SHA_256.`)
  }
  if (key.key_spec === 'ECC_NIST_P521' && spec === 'RSA_2048' && algorithm.startsWith('RSAES_OAEP')) {
    throw new ServiceError('ValidationException', 'ECC_NIST_P521 key material is too large for RSAES_OAEP with an RSA_2048 wrapping key.')
  }
  const {ImportToken, PublicKey, ParametersValidTo} = createImportParameters(ctx.engine, key, algorithm, spec)
  return {KeyId: key.arn, ImportToken, PublicKey, ParametersValidTo: ParametersValidTo / 1000}
})

function expiration(input: Input, now: number): {expiration_model: string; valid_to: number | null} {
  const raw = input.ValidTo
  if (raw !== undefined && raw !== null && typeof raw !== 'number') throw new ServiceError('SerializationException', `Cannot deserialize 'ValidTo': expected a timestamp`)
  const validTo = typeof raw === 'number' ? Math.round(raw * 1000) : null
  const model = optionalEnum(input, 'ExpirationModel', ['KEY_MATERIAL_EXPIRES', 'KEY_MATERIAL_DOES_NOT_EXPIRE'] as const)
    ?? (validTo === null ? 'KEY_MATERIAL_DOES_NOT_EXPIRE' : 'KEY_MATERIAL_EXPIRES')
  if (model === 'KEY_MATERIAL_EXPIRES' && validTo === null) throw new ServiceError('ValidationException', 'ValidTo is required when ExpirationModel is KEY_MATERIAL_EXPIRES.')
  if (model === 'KEY_MATERIAL_DOES_NOT_EXPIRE' && validTo !== null) {
    throw new ServiceError('ValidationException', 'ValidTo must not be set when ExpirationModel is KEY_MATERIAL_DOES_NOT_EXPIRE.')
  }
  if (validTo !== null && (validTo <= now || validTo > now + 365 * DAY_MS)) {
    throw validationError(new Date(validTo).toISOString(), 'validTo', 'Member must be in the future and at most 365 days from now')
  }
  return {expiration_model: model, valid_to: validTo}
}

export const importKeyMaterial: Operation = (ctx, input) => immediate(ctx.engine.db, () => {
  const {engine} = ctx
  const key = resolveKey(ctx, requiredString(input, 'KeyId'))
  const token = requiredBlob(input, 'ImportToken', 1, MAX_CIPHERTEXT)
  const encrypted = requiredBlob(input, 'EncryptedKeyMaterial', 1, MAX_CIPHERTEXT)
  const expiry = expiration(input, engine.clock().getTime())
  const importType = optionalEnum(input, 'ImportType', ['NEW_KEY_MATERIAL', 'EXISTING_KEY_MATERIAL'] as const)
  const description = optionalString(input, 'KeyMaterialDescription', 0, 256)
  const requestedId = optionalString(input, 'KeyMaterialId', 64, 64)
  requireExternal(key)
  requireNotPending(key)
  const material = unwrapMaterial(engine, key, token, encrypted)
  try {
    const publicKey = checkMaterial(key, material)
    const existing = findImportedMaterial(engine, key, material)
    const incorrect = () => new ServiceError('IncorrectKeyMaterialException',
      'The key material in the request is invalid or is not the same key material that was previously imported into this KMS key.')
    if (requestedId !== undefined && existing?.material_id !== requestedId) throw incorrect()
    let materialId: string
    if (existing) {
      if (importType === 'NEW_KEY_MATERIAL') throw incorrect()
      resealMaterial(engine, key.key_id, existing.material_id, Buffer.from(material), expiry)
      materialId = existing.material_id
    } else {
      const first = listMaterials(engine, key.key_id).length === 0
      // Only single-Region symmetric keys hold several imported materials (new material waits for RotateKeyOnDemand).
      if (!first && (importType !== 'NEW_KEY_MATERIAL' || key.key_spec !== 'SYMMETRIC_DEFAULT' || key.multi_region === 1)) throw incorrect()
      if (first && importType === 'EXISTING_KEY_MATERIAL') throw incorrect()
      materialId = insertMaterial(engine, key.key_id, Buffer.from(material),
        {public_key: publicKey, import_state: 'IMPORTED', description, ...expiry})
    }
    if (key.current_material_id === null || key.current_material_id === materialId) {
      statement(engine.db, `UPDATE keys SET current_material_id = ?, valid_to = ?, expiration_model = ?,
        key_state = CASE key_state WHEN 'PendingImport' THEN 'Enabled' ELSE key_state END WHERE region = ? AND key_id = ?`)
        .run(materialId, expiry.valid_to, expiry.expiration_model, key.region, key.key_id)
    }
    ctx.keyMaterialId = materialId
    return {KeyId: key.arn, KeyMaterialId: materialId}
  } finally {
    material.fill(0)
  }
})

export const deleteImportedKeyMaterial: Operation = (ctx, input) => immediate(ctx.engine.db, () => {
  const key = resolveKey(ctx, requiredString(input, 'KeyId'))
  const requestedId = optionalString(input, 'KeyMaterialId', 64, 64)
  requireExternal(key)
  const materialId = requestedId ?? key.current_material_id
  if (materialId === null) throw invalidState(`${key.arn} has no imported key material.`)
  if (!findMaterial(ctx.engine, key.key_id, materialId)) throw notFound(`Key material ${materialId} of ${key.arn} does not exist`)
  deleteMaterialSecret(ctx.engine, key.key_id, materialId)
  ctx.keyMaterialId = materialId
  return {KeyId: key.arn, KeyMaterialId: materialId}
})
