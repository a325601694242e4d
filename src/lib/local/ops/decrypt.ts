import {ServiceError} from '../service-error.js'
import {decryptSymmetric} from '../engine/ciphertext.js'
import {requireUsable, resolveKey, type KeyRow} from '../engine/keys.js'
import {optionalString, requiredBlob, type Input} from '../validate.js'
import {MAX_CIPHERTEXT, checkDryRun, encryptionContext, symmetricAlgorithm} from './crypto-input.js'
import type {RequestContext} from '../engine/engine.js'
import type {Operation} from './operation.js'

/** Decrypts a local blob, checking the optional expected key (IncorrectKeyException) and the key's state. */
export function openCiphertext(ctx: RequestContext, input: Input, names: {blob: string; keyId: string; context: string; algorithm: string}):
  {key: KeyRow; plaintext: Buffer} {
  const expected = optionalString(input, names.keyId)
  const blob = requiredBlob(input, names.blob, 1, MAX_CIPHERTEXT)
  const context = encryptionContext(input, names.context)
  symmetricAlgorithm(input, names.algorithm)
  const expectedKey = expected === undefined ? undefined : resolveKey(ctx, expected, {allowAlias: true})
  const {key, plaintext} = decryptSymmetric(ctx, blob, context)
  if (expectedKey && expectedKey.key_id !== key.key_id) {
    plaintext.fill(0)
    throw new ServiceError('IncorrectKeyException', 'The key ID in the request does not identify a KMS key that can perform this operation.')
  }
  if (!expectedKey) ctx.resources.push(key.arn)
  try {
    requireUsable(key, 'ENCRYPT_DECRYPT')
  } catch (error) {
    plaintext.fill(0)
    throw error
  }
  return {key, plaintext}
}

export const decrypt: Operation = (ctx, input) => {
  const {key, plaintext} = openCiphertext(ctx, input,
    {blob: 'CiphertextBlob', keyId: 'KeyId', context: 'EncryptionContext', algorithm: 'EncryptionAlgorithm'})
  checkDryRun(input)
  return {KeyId: key.arn, Plaintext: plaintext, EncryptionAlgorithm: 'SYMMETRIC_DEFAULT', KeyMaterialId: ctx.keyMaterialId}
}
