/**
 * The operation table: every KMS operation name the local engine answers. An AWS operation not in
 * the table answers UnsupportedOperationException; a name AWS does not have answers
 * UnknownOperationException, as AWS does.
 */
import {loadDigestSigning} from '../engine/signing.js'
import {createAlias, deleteAlias, listAliases, updateAlias} from './aliases.js'
import {createKey} from './create-key.js'
import {generateDataKeyPair, generateDataKeyPairWithoutPlaintext} from './data-key-pair.js'
import {decrypt} from './decrypt.js'
import {deriveSharedSecret} from './derive-shared-secret.js'
import {describeKey} from './describe-key.js'
import {encrypt} from './encrypt.js'
import {generateDataKey, generateDataKeyWithoutPlaintext, generateRandom} from './generate-data-key.js'
import {getPublicKey} from './get-public-key.js'
import {deleteImportedKeyMaterial, getParametersForImport, importKeyMaterial} from './import.js'
import {cancelKeyDeletion, disableKey, enableKey, scheduleKeyDeletion} from './key-state.js'
import {getKeyPolicy, listKeyPolicies, putKeyPolicy} from './key-policy.js'
import {listKeyRotations} from './list-key-rotations.js'
import {listKeys} from './list-keys.js'
import {generateMac, verifyMac} from './mac.js'
import {replicateKey, updatePrimaryRegion} from './multi-region.js'
import {reEncrypt} from './re-encrypt.js'
import {disableKeyRotation, enableKeyRotation, getKeyRotationStatus, rotateKeyOnDemand} from './rotation.js'
import {sign, verify} from './sign-verify.js'
import {listResourceTags, tagResource, untagResource} from './tags.js'
import {updateKeyDescription} from './update-key-description.js'
import type {Operation} from './operation.js'

export const operations: Readonly<Record<string, Operation>> = {
  CancelKeyDeletion: cancelKeyDeletion,
  CreateAlias: createAlias,
  CreateKey: createKey,
  Decrypt: decrypt,
  DeleteAlias: deleteAlias,
  DeleteImportedKeyMaterial: deleteImportedKeyMaterial,
  DeriveSharedSecret: deriveSharedSecret,
  DescribeKey: describeKey,
  DisableKey: disableKey,
  DisableKeyRotation: disableKeyRotation,
  EnableKey: enableKey,
  EnableKeyRotation: enableKeyRotation,
  Encrypt: encrypt,
  GenerateDataKey: generateDataKey,
  GenerateDataKeyPair: generateDataKeyPair,
  GenerateDataKeyPairWithoutPlaintext: generateDataKeyPairWithoutPlaintext,
  GenerateDataKeyWithoutPlaintext: generateDataKeyWithoutPlaintext,
  GenerateMac: generateMac,
  GenerateRandom: generateRandom,
  GetKeyPolicy: getKeyPolicy,
  GetKeyRotationStatus: getKeyRotationStatus,
  GetParametersForImport: getParametersForImport,
  GetPublicKey: getPublicKey,
  ImportKeyMaterial: importKeyMaterial,
  ListAliases: listAliases,
  ListKeyPolicies: listKeyPolicies,
  ListKeyRotations: listKeyRotations,
  ListKeys: listKeys,
  ListResourceTags: listResourceTags,
  PutKeyPolicy: putKeyPolicy,
  ReEncrypt: reEncrypt,
  ReplicateKey: replicateKey,
  RotateKeyOnDemand: rotateKeyOnDemand,
  ScheduleKeyDeletion: scheduleKeyDeletion,
  Sign: sign,
  TagResource: tagResource,
  UntagResource: untagResource,
  UpdateAlias: updateAlias,
  UpdateKeyDescription: updateKeyDescription,
  UpdatePrimaryRegion: updatePrimaryRegion,
  Verify: verify,
  VerifyMac: verifyMac,
}

/** What an operation needs loaded before it runs (modules too large to load for every command). */
export const preparations: Partial<Record<string, () => Promise<void>>> = {
  Sign: loadDigestSigning,
  Verify: loadDigestSigning,
}

/** All 54 operations of the AWS KMS API (botocore's model, the SDK's commands). */
export const AWS_OPERATIONS = [
  'CancelKeyDeletion', 'ConnectCustomKeyStore', 'CreateAlias', 'CreateCustomKeyStore', 'CreateGrant', 'CreateKey', 'Decrypt',
  'DeleteAlias', 'DeleteCustomKeyStore', 'DeleteImportedKeyMaterial', 'DeriveSharedSecret', 'DescribeCustomKeyStores',
  'DescribeKey', 'DisableKey', 'DisableKeyRotation', 'DisconnectCustomKeyStore', 'EnableKey', 'EnableKeyRotation', 'Encrypt',
  'GenerateDataKey', 'GenerateDataKeyPair', 'GenerateDataKeyPairWithoutPlaintext', 'GenerateDataKeyWithoutPlaintext',
  'GenerateMac', 'GenerateRandom', 'GetKeyLastUsage', 'GetKeyPolicy', 'GetKeyRotationStatus', 'GetParametersForImport',
  'GetPublicKey', 'ImportKeyMaterial', 'ListAliases', 'ListGrants', 'ListKeyPolicies', 'ListKeyRotations', 'ListKeys',
  'ListResourceTags', 'ListRetirableGrants', 'PutKeyPolicy', 'ReEncrypt', 'ReplicateKey', 'RetireGrant', 'RevokeGrant',
  'RotateKeyOnDemand', 'ScheduleKeyDeletion', 'Sign', 'TagResource', 'UntagResource', 'UpdateAlias', 'UpdateCustomKeyStore',
  'UpdateKeyDescription', 'UpdatePrimaryRegion', 'Verify', 'VerifyMac',
] as const
