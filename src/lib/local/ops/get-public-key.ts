import {ServiceError} from '../service-error.js'
import {requireUsable, resolveKey} from '../engine/keys.js'
import {algorithmsOf, specInfo} from '../engine/key-specs.js'
import {publicKeyDerOf} from '../engine/material.js'
import {requiredString} from '../validate.js'
import type {Operation} from './operation.js'

/** GetPublicKey: the DER SubjectPublicKeyInfo of an asymmetric key, with its usage and algorithms. */
export const getPublicKey: Operation = (ctx, input) => {
  const key = resolveKey(ctx, requiredString(input, 'KeyId'), {allowAlias: true})
  const family = specInfo(key.key_spec).family
  if (family === 'symmetric' || family === 'hmac') {
    throw new ServiceError('UnsupportedOperationException', `${key.arn} key spec is ${key.key_spec}: only asymmetric keys have a public key.`)
  }
  requireUsable(key, key.key_usage)
  return {
    KeyId: key.arn,
    PublicKey: publicKeyDerOf(ctx.engine, key),
    CustomerMasterKeySpec: key.key_spec,
    KeySpec: key.key_spec,
    KeyUsage: key.key_usage,
    ...algorithmsOf(key.key_spec, key.key_usage),
  }
}
