import {createPublicKey, diffieHellman, type KeyObject} from 'node:crypto'
import {ServiceError} from '../service-error.js'
import {requireUsable, resolveKey} from '../engine/keys.js'
import {specInfo} from '../engine/key-specs.js'
import {privateKeyOf} from '../engine/material.js'
import {requiredBlob, requiredString} from '../validate.js'
import {checkDryRun} from './crypto-input.js'
import {requiredEnum} from './sign-verify.js'
import type {Operation} from './operation.js'

/** DeriveSharedSecret: ECDH between a KEY_AGREEMENT key and a peer's DER SubjectPublicKeyInfo on the same curve. */
export const deriveSharedSecret: Operation = (ctx, input) => {
  const key = resolveKey(ctx, requiredString(input, 'KeyId'), {allowAlias: true})
  const KeyAgreementAlgorithm = requiredEnum(input, 'KeyAgreementAlgorithm', ['ECDH'] as const)
  const peerDer = requiredBlob(input, 'PublicKey', 1, 8192)
  if (input.Recipient !== undefined) throw new ServiceError('UnsupportedOperationException', 'The local KMS does not support Nitro Enclaves attestation (Recipient).')
  requireUsable(key, 'KEY_AGREEMENT')
  let peer: KeyObject
  try {
    peer = createPublicKey({key: peerDer, format: 'der', type: 'spki'})
  } catch {
    throw new ServiceError('ValidationException', 'PublicKey is not a DER-encoded X.509 SubjectPublicKeyInfo.')
  }
  if (peer.asymmetricKeyType !== 'ec' || peer.asymmetricKeyDetails?.namedCurve !== specInfo(key.key_spec).curve) {
    throw new ServiceError('ValidationException', `PublicKey must be an elliptic curve key of the same key spec as ${key.arn} (${key.key_spec}).`)
  }
  checkDryRun(input)
  return {KeyId: key.arn, SharedSecret: diffieHellman({privateKey: privateKeyOf(ctx.engine, key), publicKey: peer}), KeyAgreementAlgorithm,
    KeyOrigin: key.origin}
}
