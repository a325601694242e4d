/**
 * The AWS Encryption SDK message format, our implementation (FORMAT.md).
 *
 * Streams: `encryptStream(options).transform` and `decryptStream(options).transform` are steps
 * for `pipeline(source, step, sink)`. Files: `encryptFile`, `decryptFile`, `inspectFile`.
 * Keyrings: `createRawAesKeyring`, `createRawRsaKeyring`, `createKmsKeyring`.
 *
 * @example
 * const keyring = createKmsKeyring({keyIds: [keyArn], client})
 * const encryption = encryptStream({keyrings: [keyring], encryptionContext: {purpose: 'backup'}})
 * await pipeline(createReadStream(path, {highWaterMark: 1 << 20}), encryption.transform, createWriteStream(out))
 *
 * const decryption = decryptStream({keyrings: [keyring]})
 * await pipeline(createReadStream(out), decryption.transform, createWriteStream(tmp))
 * await decryption.verified // the whole message, signature included, verified: now rename tmp
 */
export {encryptStream, type EncryptOptions, type EncryptStream, type PipelineStep} from './encrypt.js'
export {decryptStream, type DecryptOptions, type DecryptStream} from './decrypt.js'
export {encryptBuffer, decryptBuffer} from './buffers.js'
export {inspectMessage, inspectFile, peekMessage, type InspectOptions} from './inspect.js'
export {checkOutput, encryptFile, decryptFile, type FileEncryptOptions, type FileDecryptOptions, type FileResult, type FileCommonOptions} from './files.js'
export {type MessageInfo, type EncryptedDataKeyInfo} from './describe.js'
export {type Keyring, type WrapRequest, type WrapResult, type UnwrapRequest} from './keyring.js'
export {createRawAesKeyring, type RawAesKeyringOptions} from './raw-aes-keyring.js'
export {createRawRsaKeyring, type RawRsaKeyringOptions, type RsaPadding, RSA_PADDINGS} from './raw-rsa-keyring.js'
export {createKmsKeyring, assertDecryptKeyArns, KMS_PROVIDER_ID, type KmsKeyringOptions, type DiscoveryFilter} from './kms-keyring.js'
export {type EncryptionContext, RESERVED_PREFIX, PUBLIC_KEY_CONTEXT_KEY} from './encryption-context.js'
export {DEFAULT_LIMITS, DEFAULT_FRAME_LENGTH, type MessageLimits} from './limits.js'
export {
  ALGORITHM_SUITES, COMMITMENT_POLICIES, DEFAULT_COMMITMENT_POLICY, DEFAULT_SUITE_ID, formatSuiteId,
  type AlgorithmSuite, type AlgorithmSuiteId, type CommitmentPolicy,
} from './suites.js'
