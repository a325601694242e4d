import {encryptSymmetric} from '../engine/ciphertext.js'
import {requireUsable, resolveKey} from '../engine/keys.js'
import {requiredBlob, requiredString} from '../validate.js'
import {MAX_PLAINTEXT, checkDryRun, encryptionContext, symmetricAlgorithm} from './crypto-input.js'
import type {Operation} from './operation.js'

export const encrypt: Operation = (ctx, input) => {
  const key = resolveKey(ctx, requiredString(input, 'KeyId'), {allowAlias: true})
  const plaintext = requiredBlob(input, 'Plaintext', 1, MAX_PLAINTEXT)
  const context = encryptionContext(input)
  const EncryptionAlgorithm = symmetricAlgorithm(input)
  requireUsable(key, 'ENCRYPT_DECRYPT')
  checkDryRun(input)
  try {
    return {CiphertextBlob: encryptSymmetric(ctx, key, plaintext, context), KeyId: key.arn, EncryptionAlgorithm}
  } finally {
    plaintext.fill(0)
  }
}
