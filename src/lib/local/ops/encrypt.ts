import {encryptUnder} from '../engine/encryption.js'
import {requireUsable, resolveKey} from '../engine/keys.js'
import {requiredBlob, requiredString} from '../validate.js'
import {MAX_PLAINTEXT, checkDryRun, encryptionAlgorithm, encryptionContext} from './crypto-input.js'
import type {Operation} from './operation.js'

export const encrypt: Operation = (ctx, input) => {
  const key = resolveKey(ctx, requiredString(input, 'KeyId'), {allowAlias: true})
  const plaintext = requiredBlob(input, 'Plaintext', 1, MAX_PLAINTEXT)
  const context = encryptionContext(input)
  const EncryptionAlgorithm = encryptionAlgorithm(input)
  try {
    requireUsable(key, 'ENCRYPT_DECRYPT')
    checkDryRun(input)
    return {CiphertextBlob: encryptUnder(ctx, key, plaintext, EncryptionAlgorithm, context), KeyId: key.arn, EncryptionAlgorithm}
  } finally {
    plaintext.fill(0)
  }
}
