/** GenerateDataKeyPair and GenerateDataKeyPairWithoutPlaintext: a key pair whose private key is encrypted under a symmetric key. */
import {ServiceError} from '../service-error.js'
import {encryptSymmetric} from '../engine/ciphertext.js'
import {requireSymmetric} from '../engine/encryption.js'
import {requireUsable, resolveKey} from '../engine/keys.js'
import {generatePair} from '../engine/material.js'
import {requiredString, type Input} from '../validate.js'
import {checkDryRun, encryptionContext} from './crypto-input.js'
import {requiredEnum} from './sign-verify.js'
import type {RequestContext} from '../engine/engine.js'
import type {Operation} from './operation.js'

const PAIR_SPECS = ['RSA_2048', 'RSA_3072', 'RSA_4096', 'ECC_NIST_P256', 'ECC_NIST_P384', 'ECC_NIST_P521', 'ECC_SECG_P256K1', 'SM2',
  'ECC_NIST_EDWARDS25519'] as const

function generate(ctx: RequestContext, input: Input) {
  const key = resolveKey(ctx, requiredString(input, 'KeyId'), {allowAlias: true})
  const KeyPairSpec = requiredEnum(input, 'KeyPairSpec', PAIR_SPECS)
  const context = encryptionContext(input)
  if (input.Recipient !== undefined) throw new ServiceError('UnsupportedOperationException', 'The local KMS does not support Nitro Enclaves attestation (Recipient).')
  requireUsable(key, 'ENCRYPT_DECRYPT')
  requireSymmetric(key)
  checkDryRun(input)
  const {secret, publicKey} = generatePair(KeyPairSpec)
  return {key, KeyPairSpec, secret, publicKey, blob: encryptSymmetric(ctx, key, secret, context)}
}

export const generateDataKeyPair: Operation = (ctx, input) => {
  const {key, KeyPairSpec, secret, publicKey, blob} = generate(ctx, input)
  return {PrivateKeyCiphertextBlob: blob, PrivateKeyPlaintext: secret, PublicKey: publicKey, KeyId: key.arn, KeyPairSpec,
    KeyMaterialId: ctx.keyMaterialId}
}

export const generateDataKeyPairWithoutPlaintext: Operation = (ctx, input) => {
  const {key, KeyPairSpec, secret, publicKey, blob} = generate(ctx, input)
  secret.fill(0)
  return {PrivateKeyCiphertextBlob: blob, PublicKey: publicKey, KeyId: key.arn, KeyPairSpec, KeyMaterialId: ctx.keyMaterialId}
}
