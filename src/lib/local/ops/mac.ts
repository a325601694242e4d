/** GenerateMac and VerifyMac with HMAC keys (GENERATE_VERIFY_MAC). */
import {createHmac, timingSafeEqual} from 'node:crypto'
import {ServiceError} from '../service-error.js'
import {requireUsable, resolveKey, type KeyRow} from '../engine/keys.js'
import {MAC_ALGORITHMS, algorithmsOf, hashOf} from '../engine/key-specs.js'
import {currentSecret} from '../engine/material.js'
import {requiredBlob, requiredString, type Input} from '../validate.js'
import {MAX_CIPHERTEXT, MAX_PLAINTEXT, checkDryRun} from './crypto-input.js'
import {requiredEnum} from './sign-verify.js'
import type {RequestContext} from '../engine/engine.js'
import type {Operation} from './operation.js'

function computeMac(ctx: RequestContext, input: Input): {key: KeyRow; algorithm: string; mac: Buffer} {
  const key = resolveKey(ctx, requiredString(input, 'KeyId'), {allowAlias: true})
  const message = requiredBlob(input, 'Message', 1, MAX_PLAINTEXT)
  const algorithm = requiredEnum(input, 'MacAlgorithm', MAC_ALGORITHMS)
  requireUsable(key, 'GENERATE_VERIFY_MAC')
  if (!algorithmsOf(key.key_spec, key.key_usage).MacAlgorithms?.includes(algorithm)) {
    throw new ServiceError('InvalidKeyUsageException', `Algorithm ${algorithm} is incompatible with key spec ${key.key_spec}.`)
  }
  const secret = currentSecret(ctx.engine, key)
  try {
    return {key, algorithm, mac: createHmac(hashOf(algorithm), secret).update(message).digest()}
  } finally {
    secret.fill(0)
  }
}

export const generateMac: Operation = (ctx, input) => {
  const {key, algorithm, mac} = computeMac(ctx, input)
  checkDryRun(input)
  return {Mac: mac, MacAlgorithm: algorithm, KeyId: key.arn}
}

export const verifyMac: Operation = (ctx, input) => {
  const given = requiredBlob(input, 'Mac', 1, MAX_CIPHERTEXT)
  const {key, algorithm, mac} = computeMac(ctx, input)
  checkDryRun(input)
  if (given.length !== mac.length || !timingSafeEqual(given, mac)) {
    throw new ServiceError('KMSInvalidMacException', 'The MAC is not valid for this message, key and MAC algorithm.')
  }
  return {KeyId: key.arn, MacValid: true, MacAlgorithm: algorithm}
}
