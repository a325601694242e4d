/**
 * The operation table: every KMS operation name the local engine answers. An AWS operation not in
 * the table answers UnsupportedOperationException; a name AWS does not have answers
 * UnknownOperationException, as AWS does.
 */
import {createAlias, deleteAlias, listAliases, updateAlias} from './aliases.js'
import {createKey} from './create-key.js'
import {decrypt} from './decrypt.js'
import {describeKey} from './describe-key.js'
import {encrypt} from './encrypt.js'
import {generateDataKey, generateDataKeyWithoutPlaintext, generateRandom} from './generate-data-key.js'
import {cancelKeyDeletion, disableKey, enableKey, scheduleKeyDeletion} from './key-state.js'
import {getKeyPolicy, listKeyPolicies, putKeyPolicy} from './key-policy.js'
import {listKeys} from './list-keys.js'
import {reEncrypt} from './re-encrypt.js'
import {listResourceTags, tagResource, untagResource} from './tags.js'
import {updateKeyDescription} from './update-key-description.js'
import type {Operation} from './operation.js'

export const operations: Readonly<Record<string, Operation>> = {
  CancelKeyDeletion: cancelKeyDeletion,
  CreateAlias: createAlias,
  CreateKey: createKey,
  Decrypt: decrypt,
  DeleteAlias: deleteAlias,
  DescribeKey: describeKey,
  DisableKey: disableKey,
  EnableKey: enableKey,
  Encrypt: encrypt,
  GenerateDataKey: generateDataKey,
  GenerateDataKeyWithoutPlaintext: generateDataKeyWithoutPlaintext,
  GenerateRandom: generateRandom,
  GetKeyPolicy: getKeyPolicy,
  ListAliases: listAliases,
  ListKeyPolicies: listKeyPolicies,
  ListKeys: listKeys,
  ListResourceTags: listResourceTags,
  PutKeyPolicy: putKeyPolicy,
  ReEncrypt: reEncrypt,
  ScheduleKeyDeletion: scheduleKeyDeletion,
  TagResource: tagResource,
  UntagResource: untagResource,
  UpdateAlias: updateAlias,
  UpdateKeyDescription: updateKeyDescription,
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
