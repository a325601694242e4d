import {ServiceError} from '../service-error.js'
import {decryptSymmetric} from '../engine/ciphertext.js'
import {checkEncryptionAlgorithm, decryptAsymmetric} from '../engine/encryption.js'
import {requireUsable, resolveKey, type KeyRow} from '../engine/keys.js'
import {optionalString, requiredBlob, type Input} from '../validate.js'
import {MAX_CIPHERTEXT, checkDryRun, encryptionAlgorithm, encryptionContext} from './crypto-input.js'
import type {RequestContext} from '../engine/engine.js'
import type {Operation} from './operation.js'

export interface Opened {
  key: KeyRow
  plaintext: Buffer
  algorithm: string
}

/**
 * Decrypts a ciphertext: with the RSA key named in the request (AWS requires KeyId for asymmetric
 * keys), else the local symmetric blob, checking the optional expected key (IncorrectKeyException)
 * and the key's state.
 */
export function openCiphertext(ctx: RequestContext, input: Input, names: {blob: string; keyId: string; context: string; algorithm: string}): Opened {
  const expected = optionalString(input, names.keyId)
  const blob = requiredBlob(input, names.blob, 1, MAX_CIPHERTEXT)
  const context = encryptionContext(input, names.context)
  const algorithm = encryptionAlgorithm(input, names.algorithm)
  const expectedKey = expected === undefined ? undefined : resolveKey(ctx, expected, {allowAlias: true})
  if (expectedKey && expectedKey.key_spec !== 'SYMMETRIC_DEFAULT') {
    requireUsable(expectedKey, 'ENCRYPT_DECRYPT')
    return {key: expectedKey, plaintext: decryptAsymmetric(ctx, expectedKey, blob, algorithm, context), algorithm}
  }
  if (algorithm !== 'SYMMETRIC_DEFAULT') {
    throw new ServiceError('InvalidKeyUsageException', `The encryption algorithm ${algorithm} is not valid for a symmetric key.`)
  }
  const {key, plaintext} = decryptSymmetric(ctx, blob, context)
  if (expectedKey && expectedKey.key_id !== key.key_id) {
    plaintext.fill(0)
    throw new ServiceError('IncorrectKeyException', 'The key ID in the request does not identify a KMS key that can perform this operation.')
  }
  if (!expectedKey) ctx.resources.push(key.arn)
  try {
    requireUsable(key, 'ENCRYPT_DECRYPT')
    checkEncryptionAlgorithm(key, algorithm)
  } catch (error) {
    plaintext.fill(0)
    throw error
  }
  return {key, plaintext, algorithm}
}

export const decrypt: Operation = (ctx, input) => {
  const {key, plaintext, algorithm} = openCiphertext(ctx, input,
    {blob: 'CiphertextBlob', keyId: 'KeyId', context: 'EncryptionContext', algorithm: 'EncryptionAlgorithm'})
  try {
    checkDryRun(input)
  } catch (error) {
    plaintext.fill(0)
    throw error
  }
  return {KeyId: key.arn, Plaintext: plaintext, EncryptionAlgorithm: algorithm,
    ...(algorithm === 'SYMMETRIC_DEFAULT' && {KeyMaterialId: ctx.keyMaterialId})}
}
