/**
 * Key specs and the usages and algorithms AWS allows for each (kms-api.md §1.2, CreateKey doc):
 * symmetric → ENCRYPT_DECRYPT; HMAC → GENERATE_VERIFY_MAC; RSA → ENCRYPT_DECRYPT or SIGN_VERIFY;
 * NIST ECC → SIGN_VERIFY or KEY_AGREEMENT; secp256k1 and Ed25519 → SIGN_VERIFY.
 */
import {ServiceError} from '../service-error.js'

export const KEY_SPECS = ['SYMMETRIC_DEFAULT', 'RSA_2048', 'RSA_3072', 'RSA_4096', 'ECC_NIST_P256', 'ECC_NIST_P384', 'ECC_NIST_P521',
  'ECC_SECG_P256K1', 'ECC_NIST_EDWARDS25519', 'HMAC_224', 'HMAC_256', 'HMAC_384', 'HMAC_512', 'SM2', 'ML_DSA_44', 'ML_DSA_65', 'ML_DSA_87'] as const
export type KeySpec = (typeof KEY_SPECS)[number]
export const KEY_USAGES = ['ENCRYPT_DECRYPT', 'SIGN_VERIFY', 'GENERATE_VERIFY_MAC', 'KEY_AGREEMENT'] as const
export type KeyUsage = (typeof KEY_USAGES)[number]

export const SIGNING_ALGORITHMS = ['RSASSA_PSS_SHA_256', 'RSASSA_PSS_SHA_384', 'RSASSA_PSS_SHA_512', 'RSASSA_PKCS1_V1_5_SHA_256',
  'RSASSA_PKCS1_V1_5_SHA_384', 'RSASSA_PKCS1_V1_5_SHA_512', 'ECDSA_SHA_256', 'ECDSA_SHA_384', 'ECDSA_SHA_512', 'SM2DSA',
  'ML_DSA_SHAKE_256', 'ED25519_SHA_512', 'ED25519_PH_SHA_512'] as const
export type SigningAlgorithm = (typeof SIGNING_ALGORITHMS)[number]
export const ENCRYPTION_ALGORITHMS = ['SYMMETRIC_DEFAULT', 'RSAES_OAEP_SHA_1', 'RSAES_OAEP_SHA_256', 'SM2PKE'] as const
export const MAC_ALGORITHMS = ['HMAC_SHA_224', 'HMAC_SHA_256', 'HMAC_SHA_384', 'HMAC_SHA_512'] as const
export type MacAlgorithm = (typeof MAC_ALGORITHMS)[number]

export type SpecFamily = 'symmetric' | 'rsa' | 'ecc' | 'ed25519' | 'hmac'

export interface SpecInfo {
  family: SpecFamily
  usages: KeyUsage[]
  /** RSA modulus bits. */
  bits?: number
  /** node:crypto curve name for ECC specs. */
  curve?: string
  /** HMAC key length in bytes. */
  macKeyBytes?: number
}

const RSA_USAGES: KeyUsage[] = ['ENCRYPT_DECRYPT', 'SIGN_VERIFY']
const NIST_USAGES: KeyUsage[] = ['SIGN_VERIFY', 'KEY_AGREEMENT']

/** The specs the local engine implements; SM2 and ML-DSA answer UnsupportedOperationException. */
const SPECS: Partial<Record<KeySpec, SpecInfo>> = {
  SYMMETRIC_DEFAULT: {family: 'symmetric', usages: ['ENCRYPT_DECRYPT']},
  RSA_2048: {family: 'rsa', usages: RSA_USAGES, bits: 2048},
  RSA_3072: {family: 'rsa', usages: RSA_USAGES, bits: 3072},
  RSA_4096: {family: 'rsa', usages: RSA_USAGES, bits: 4096},
  ECC_NIST_P256: {family: 'ecc', usages: NIST_USAGES, curve: 'prime256v1'},
  ECC_NIST_P384: {family: 'ecc', usages: NIST_USAGES, curve: 'secp384r1'},
  ECC_NIST_P521: {family: 'ecc', usages: NIST_USAGES, curve: 'secp521r1'},
  ECC_SECG_P256K1: {family: 'ecc', usages: ['SIGN_VERIFY'], curve: 'secp256k1'},
  ECC_NIST_EDWARDS25519: {family: 'ed25519', usages: ['SIGN_VERIFY']},
  HMAC_224: {family: 'hmac', usages: ['GENERATE_VERIFY_MAC'], macKeyBytes: 28},
  HMAC_256: {family: 'hmac', usages: ['GENERATE_VERIFY_MAC'], macKeyBytes: 32},
  HMAC_384: {family: 'hmac', usages: ['GENERATE_VERIFY_MAC'], macKeyBytes: 48},
  HMAC_512: {family: 'hmac', usages: ['GENERATE_VERIFY_MAC'], macKeyBytes: 64},
}

export function specInfo(spec: string): SpecInfo {
  const info = SPECS[spec as KeySpec]
  if (!info) throw new ServiceError('UnsupportedOperationException', `The local KMS does not support key spec ${spec}.`)
  return info
}

/** CreateKey's rule: the usage must be one AWS allows for the spec. */
export function checkUsage(spec: string, usage: string): void {
  if (!specInfo(spec).usages.includes(usage as KeyUsage)) {
    throw new ServiceError('ValidationException', `KeyUsage ${usage} is not compatible with KeySpec ${spec}`)
  }
}

const ECDSA_BY_CURVE: Record<string, SigningAlgorithm> = {
  prime256v1: 'ECDSA_SHA_256', secp384r1: 'ECDSA_SHA_384', secp521r1: 'ECDSA_SHA_512', secp256k1: 'ECDSA_SHA_256',
}

/** The algorithm lists DescribeKey and GetPublicKey return for a spec and usage. */
export function algorithmsOf(spec: string, usage: string): {
  EncryptionAlgorithms?: string[]; SigningAlgorithms?: string[]; MacAlgorithms?: string[]; KeyAgreementAlgorithms?: string[]
} {
  const info = SPECS[spec as KeySpec]
  if (!info) return {}
  if (usage === 'ENCRYPT_DECRYPT') {
    return {EncryptionAlgorithms: info.family === 'symmetric' ? ['SYMMETRIC_DEFAULT'] : ['RSAES_OAEP_SHA_1', 'RSAES_OAEP_SHA_256']}
  }
  if (usage === 'GENERATE_VERIFY_MAC') return {MacAlgorithms: [`HMAC_SHA_${spec.slice(5)}`]}
  if (usage === 'KEY_AGREEMENT') return {KeyAgreementAlgorithms: ['ECDH']}
  if (info.family === 'rsa') return {SigningAlgorithms: SIGNING_ALGORITHMS.filter(a => a.startsWith('RSASSA_'))}
  if (info.family === 'ed25519') return {SigningAlgorithms: ['ED25519_SHA_512', 'ED25519_PH_SHA_512']}
  return {SigningAlgorithms: [ECDSA_BY_CURVE[info.curve!]]}
}

/** The hash behind a signing or MAC algorithm, as node:crypto names it. */
export function hashOf(algorithm: string): 'sha224' | 'sha256' | 'sha384' | 'sha512' {
  const bits = /(224|256|384|512)$/.exec(algorithm)?.[1]
  return `sha${bits}` as 'sha224' | 'sha256' | 'sha384' | 'sha512'
}
