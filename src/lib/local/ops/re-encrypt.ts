import {encryptSymmetric} from '../engine/ciphertext.js'
import {requireUsable, resolveKey} from '../engine/keys.js'
import {requiredString} from '../validate.js'
import {checkDryRun, encryptionContext, symmetricAlgorithm} from './crypto-input.js'
import {openCiphertext} from './decrypt.js'
import type {Operation} from './operation.js'

export const reEncrypt: Operation = (ctx, input) => {
  const destination = resolveKey(ctx, requiredString(input, 'DestinationKeyId'), {allowAlias: true})
  const destinationContext = encryptionContext(input, 'DestinationEncryptionContext')
  symmetricAlgorithm(input, 'DestinationEncryptionAlgorithm')
  const {key: source, plaintext} = openCiphertext(ctx, input,
    {blob: 'CiphertextBlob', keyId: 'SourceKeyId', context: 'SourceEncryptionContext', algorithm: 'SourceEncryptionAlgorithm'})
  const sourceMaterialId = ctx.keyMaterialId
  try {
    requireUsable(destination, 'ENCRYPT_DECRYPT')
    checkDryRun(input)
    // CloudTrail lists the source key first, then the destination.
    ctx.resources.splice(0, ctx.resources.length, source.arn, destination.arn)
    return {
      CiphertextBlob: encryptSymmetric(ctx, destination, plaintext, destinationContext),
      SourceKeyId: source.arn,
      KeyId: destination.arn,
      SourceEncryptionAlgorithm: 'SYMMETRIC_DEFAULT',
      DestinationEncryptionAlgorithm: 'SYMMETRIC_DEFAULT',
      SourceKeyMaterialId: sourceMaterialId,
      DestinationKeyMaterialId: ctx.keyMaterialId,
    }
  } finally {
    plaintext.fill(0)
  }
}
