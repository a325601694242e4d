/**
 * The eleven ESDK algorithm suites and the commitment policy that decides which of them may be
 * written or read (FORMAT.md §Algorithm suites).
 */
import {IntegrityError, UsageError} from '../errors.js'

export type AlgorithmSuiteId = 0x0014 | 0x0046 | 0x0078 | 0x0114 | 0x0146 | 0x0178 | 0x0214 | 0x0346 | 0x0378 | 0x0478 | 0x0578

export interface SignatureAlgorithm {
  /** Node's curve name. */
  curve: 'prime256v1' | 'secp384r1'
  /** JWK curve name. */
  jwkCurve: 'P-256' | 'P-384'
  hash: 'sha256' | 'sha384'
}

export interface AlgorithmSuite {
  id: AlgorithmSuiteId
  name: string
  /** Header version the suite is written with. */
  messageFormat: 1 | 2
  cipher: 'aes-128-gcm' | 'aes-192-gcm' | 'aes-256-gcm'
  keyLength: 16 | 24 | 32
  ivLength: 12
  tagLength: 16
  /** Hash for HKDF, or undefined when the data key is used as is. */
  kdfHash?: 'sha256' | 'sha384' | 'sha512'
  /** Key commitment: a 32-byte commitment key in the header's suite data. */
  committing: boolean
  signature?: SignatureAlgorithm
}

const P256: SignatureAlgorithm = {curve: 'prime256v1', jwkCurve: 'P-256', hash: 'sha256'}
const P384: SignatureAlgorithm = {curve: 'secp384r1', jwkCurve: 'P-384', hash: 'sha384'}

function defineSuite(id: AlgorithmSuiteId, name: string, bits: 128 | 192 | 256, rest: Partial<AlgorithmSuite>): AlgorithmSuite {
  return Object.freeze({
    id, name, messageFormat: 1, cipher: `aes-${bits}-gcm`, keyLength: (bits / 8) as 16 | 24 | 32,
    ivLength: 12, tagLength: 16, committing: false, ...rest,
  } as AlgorithmSuite)
}

export const ALGORITHM_SUITES: ReadonlyMap<number, AlgorithmSuite> = new Map([
  defineSuite(0x0014, 'AES_128_GCM_IV12_TAG16_NO_KDF', 128, {}),
  defineSuite(0x0046, 'AES_192_GCM_IV12_TAG16_NO_KDF', 192, {}),
  defineSuite(0x0078, 'AES_256_GCM_IV12_TAG16_NO_KDF', 256, {}),
  defineSuite(0x0114, 'AES_128_GCM_IV12_TAG16_HKDF_SHA256', 128, {kdfHash: 'sha256'}),
  defineSuite(0x0146, 'AES_192_GCM_IV12_TAG16_HKDF_SHA256', 192, {kdfHash: 'sha256'}),
  defineSuite(0x0178, 'AES_256_GCM_IV12_TAG16_HKDF_SHA256', 256, {kdfHash: 'sha256'}),
  defineSuite(0x0214, 'AES_128_GCM_IV12_TAG16_HKDF_SHA256_ECDSA_P256', 128, {kdfHash: 'sha256', signature: P256}),
  defineSuite(0x0346, 'AES_192_GCM_IV12_TAG16_HKDF_SHA384_ECDSA_P384', 192, {kdfHash: 'sha384', signature: P384}),
  defineSuite(0x0378, 'AES_256_GCM_IV12_TAG16_HKDF_SHA384_ECDSA_P384', 256, {kdfHash: 'sha384', signature: P384}),
  defineSuite(0x0478, 'AES_256_GCM_HKDF_SHA512_COMMIT_KEY', 256, {messageFormat: 2, kdfHash: 'sha512', committing: true}),
  defineSuite(0x0578, 'AES_256_GCM_HKDF_SHA512_COMMIT_KEY_ECDSA_P384', 256, {messageFormat: 2, kdfHash: 'sha512', committing: true, signature: P384}),
].map((suite) => [suite.id, suite]))

/** Our default: committing and signed. */
export const DEFAULT_SUITE_ID: AlgorithmSuiteId = 0x0578
/** The default when the policy forbids commitment on encrypt, as in the ESDKs. */
export const DEFAULT_NON_COMMITTING_SUITE_ID: AlgorithmSuiteId = 0x0378

/** ESDK commitment policies, spelled as the aws-encryption-cli flag values. */
export type CommitmentPolicy = 'require-encrypt-require-decrypt' | 'require-encrypt-allow-decrypt' | 'forbid-encrypt-allow-decrypt'
export const COMMITMENT_POLICIES: readonly CommitmentPolicy[] = ['require-encrypt-require-decrypt', 'require-encrypt-allow-decrypt', 'forbid-encrypt-allow-decrypt']
export const DEFAULT_COMMITMENT_POLICY: CommitmentPolicy = 'require-encrypt-require-decrypt'

/** Hex spelling used in messages and `inspect`: `0x0578`. */
export function formatSuiteId(id: number): string {
  return `0x${id.toString(16).padStart(4, '0')}`
}

/** The suite with this ID, or a UsageError (for suites asked for by the user). */
export function getAlgorithmSuite(id: number): AlgorithmSuite {
  const suite = ALGORITHM_SUITES.get(id)
  if (suite === undefined) throw new UsageError(`unknown algorithm suite ${formatSuiteId(id)}`, {hint: `known suites: ${[...ALGORITHM_SUITES.keys()].map(formatSuiteId).join(', ')}`})
  return suite
}

/** The suite an encryption uses: the one asked for, if the policy allows it, else the policy's default. */
export function selectEncryptSuite(policy: CommitmentPolicy, id?: number): AlgorithmSuite {
  assertCommitmentPolicy(policy)
  const requireCommitment = policy !== 'forbid-encrypt-allow-decrypt'
  const suite = getAlgorithmSuite(id ?? (requireCommitment ? DEFAULT_SUITE_ID : DEFAULT_NON_COMMITTING_SUITE_ID))
  if (suite.committing !== requireCommitment) {
    throw new UsageError(`algorithm suite ${formatSuiteId(suite.id)} is not allowed for encryption under commitment policy ${policy}`, {
      hint: requireCommitment ? 'use 0x0578 or 0x0478' : 'use a non-committing suite such as 0x0378, or another commitment policy',
    })
  }
  return suite
}

/** Refuses (as an integrity failure, with a hint) a non-committing message under a policy that requires commitment. */
export function assertDecryptAllowed(policy: CommitmentPolicy, suite: AlgorithmSuite): void {
  if (policy === 'require-encrypt-require-decrypt' && !suite.committing) {
    throw new IntegrityError({hint: `the message uses non-committing algorithm suite ${formatSuiteId(suite.id)}; to read it anyway, use commitment policy require-encrypt-allow-decrypt`})
  }
}

export function assertCommitmentPolicy(policy: string): asserts policy is CommitmentPolicy {
  if (!COMMITMENT_POLICIES.includes(policy as CommitmentPolicy)) {
    throw new UsageError(`unknown commitment policy ${JSON.stringify(policy)}`, {hint: `use one of ${COMMITMENT_POLICIES.join(', ')}`})
  }
}
