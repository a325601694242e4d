import {encryptUnder} from '../engine/encryption.js'
import {requireUsable, resolveKey} from '../engine/keys.js'
import {requiredString} from '../validate.js'
import {checkDryRun, encryptionAlgorithm, encryptionContext} from './crypto-input.js'
import {openCiphertext} from './decrypt.js'
import type {Operation} from './operation.js'

export const reEncrypt: Operation = (ctx, input) => {
  const destination = resolveKey(ctx, requiredString(input, 'DestinationKeyId'), {allowAlias: true})
  const destinationContext = encryptionContext(input, 'DestinationEncryptionContext')
  const destinationAlgorithm = encryptionAlgorithm(input, 'DestinationEncryptionAlgorithm')
  const {key: source, plaintext, algorithm: sourceAlgorithm} = openCiphertext(ctx, input,
    {blob: 'CiphertextBlob', keyId: 'SourceKeyId', context: 'SourceEncryptionContext', algorithm: 'SourceEncryptionAlgorithm'})
  const sourceMaterialId = ctx.keyMaterialId
  ctx.keyMaterialId = undefined
  try {
    requireUsable(destination, 'ENCRYPT_DECRYPT')
    checkDryRun(input)
    // CloudTrail lists the source key first, then the destination.
    ctx.resources.splice(0, ctx.resources.length, source.arn, destination.arn)
    return {
      CiphertextBlob: encryptUnder(ctx, destination, plaintext, destinationAlgorithm, destinationContext),
      SourceKeyId: source.arn,
      KeyId: destination.arn,
      SourceEncryptionAlgorithm: sourceAlgorithm,
      DestinationEncryptionAlgorithm: destinationAlgorithm,
      SourceKeyMaterialId: sourceMaterialId,
      DestinationKeyMaterialId: ctx.keyMaterialId,
    }
  } finally {
    plaintext.fill(0)
  }
}
