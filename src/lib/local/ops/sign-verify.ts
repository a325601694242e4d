/** Sign and Verify with asymmetric SIGN_VERIFY keys (RAW and DIGEST messages). */
import {ServiceError, validationError} from '../service-error.js'
import {requireUsable, resolveKey, type KeyRow} from '../engine/keys.js'
import {privateKeyOf, publicKeyOf} from '../engine/material.js'
import {SIGNING_ALGORITHMS} from '../engine/key-specs.js'
import {checkSigningInput, signMessage, verifyMessage, type MessageType} from '../engine/signing.js'
import {optionalEnum, requiredBlob, requiredString, type Input} from '../validate.js'
import {MAX_CIPHERTEXT, MAX_PLAINTEXT, checkDryRun} from './crypto-input.js'
import type {RequestContext} from '../engine/engine.js'
import type {Operation} from './operation.js'

/** An enum member AWS requires. */
export function requiredEnum<T extends string>(input: Input, name: string, allowed: readonly T[]): T {
  const value = optionalEnum(input, name, allowed)
  if (value === undefined) throw validationError('null', name.charAt(0).toLowerCase() + name.slice(1), 'Member must not be null')
  return value
}

interface SigningRequest {
  key: KeyRow
  message: Buffer
  messageType: MessageType
  algorithm: string
}

function parseSigningRequest(ctx: RequestContext, input: Input): SigningRequest {
  const key = resolveKey(ctx, requiredString(input, 'KeyId'), {allowAlias: true})
  const message = requiredBlob(input, 'Message', 1, MAX_PLAINTEXT)
  const messageType = optionalEnum(input, 'MessageType', ['RAW', 'DIGEST', 'EXTERNAL_MU'] as const) ?? 'RAW'
  const algorithm = requiredEnum(input, 'SigningAlgorithm', SIGNING_ALGORITHMS)
  requireUsable(key, 'SIGN_VERIFY')
  if (messageType === 'EXTERNAL_MU') throw new ServiceError('ValidationException', 'MessageType EXTERNAL_MU is only valid for ML-DSA keys.')
  checkSigningInput(key, algorithm, message, messageType)
  return {key, message, messageType, algorithm}
}

export const sign: Operation = (ctx, input) => {
  const {key, message, messageType, algorithm} = parseSigningRequest(ctx, input)
  checkDryRun(input)
  return {KeyId: key.arn, Signature: signMessage(key, privateKeyOf(ctx.engine, key), algorithm, message, messageType), SigningAlgorithm: algorithm}
}

export const verify: Operation = (ctx, input) => {
  const request = parseSigningRequest(ctx, input)
  const signature = requiredBlob(input, 'Signature', 1, MAX_CIPHERTEXT)
  checkDryRun(input)
  const {key, message, messageType, algorithm} = request
  if (!verifyMessage(key, publicKeyOf(ctx.engine, key), algorithm, message, messageType, signature)) {
    throw new ServiceError('KMSInvalidSignatureException', 'The signature is not valid for this message, key and signing algorithm.')
  }
  return {KeyId: key.arn, SignatureValid: true, SigningAlgorithm: algorithm}
}
