/** GenerateDataKey, GenerateDataKeyWithoutPlaintext, GenerateRandom. */
import {randomBytes} from 'node:crypto'
import {ServiceError} from '../service-error.js'
import {encryptSymmetric} from '../engine/ciphertext.js'
import {requireSymmetric} from '../engine/encryption.js'
import {requireUsable, resolveKey} from '../engine/keys.js'
import {optionalEnum, optionalInteger, optionalString, requiredString, type Input} from '../validate.js'
import {checkDryRun, encryptionContext} from './crypto-input.js'
import type {RequestContext} from '../engine/engine.js'
import type {Operation} from './operation.js'

function dataKeyLength(input: Input): number {
  const spec = optionalEnum(input, 'KeySpec', ['AES_256', 'AES_128'] as const)
  const bytes = optionalInteger(input, 'NumberOfBytes', 1, 1024)
  if ((spec === undefined) === (bytes === undefined)) {
    throw new ServiceError('ValidationException', 'Please specify either number of bytes or key spec.')
  }
  return bytes ?? (spec === 'AES_128' ? 16 : 32)
}

function generate(ctx: RequestContext, input: Input): {key: ReturnType<typeof resolveKey>; plaintext: Buffer; blob: Buffer} {
  const key = resolveKey(ctx, requiredString(input, 'KeyId'), {allowAlias: true})
  const length = dataKeyLength(input)
  const context = encryptionContext(input)
  requireUsable(key, 'ENCRYPT_DECRYPT')
  requireSymmetric(key)
  checkDryRun(input)
  const plaintext = randomBytes(length)
  return {key, plaintext, blob: encryptSymmetric(ctx, key, plaintext, context)}
}

export const generateDataKey: Operation = (ctx, input) => {
  const {key, plaintext, blob} = generate(ctx, input)
  return {CiphertextBlob: blob, Plaintext: plaintext, KeyId: key.arn, KeyMaterialId: ctx.keyMaterialId}
}

export const generateDataKeyWithoutPlaintext: Operation = (ctx, input) => {
  const {key, plaintext, blob} = generate(ctx, input)
  plaintext.fill(0)
  return {CiphertextBlob: blob, KeyId: key.arn, KeyMaterialId: ctx.keyMaterialId}
}

export const generateRandom: Operation = (_ctx, input) => {
  const length = optionalInteger(input, 'NumberOfBytes', 1, 1024)
  if (length === undefined) throw new ServiceError('ValidationException', 'Please specify the number of bytes.')
  if (optionalString(input, 'CustomKeyStoreId') !== undefined) {
    throw new ServiceError('CustomKeyStoreNotFoundException', 'Custom key stores are not available in the local KMS.')
  }
  return {Plaintext: randomBytes(length)}
}
