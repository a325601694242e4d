/** Key specs and usages as the CLI offers them (the AWS enums), and the usage a spec gets by default. */

export const KEY_SPECS = ['SYMMETRIC_DEFAULT', 'RSA_2048', 'RSA_3072', 'RSA_4096', 'ECC_NIST_P256', 'ECC_NIST_P384', 'ECC_NIST_P521',
  'ECC_SECG_P256K1', 'ECC_NIST_EDWARDS25519', 'HMAC_224', 'HMAC_256', 'HMAC_384', 'HMAC_512', 'SM2', 'ML_DSA_44', 'ML_DSA_65', 'ML_DSA_87']
export const KEY_USAGES = ['ENCRYPT_DECRYPT', 'SIGN_VERIFY', 'GENERATE_VERIFY_MAC', 'KEY_AGREEMENT']

/** The one usage that makes sense without asking: AWS itself defaults to ENCRYPT_DECRYPT, which ECC and HMAC keys refuse. */
export function defaultUsageFor(spec: string): string {
  if (spec.startsWith('HMAC_')) return 'GENERATE_VERIFY_MAC'
  if (spec.startsWith('ECC_') || spec.startsWith('ML_DSA')) return 'SIGN_VERIFY'
  return 'ENCRYPT_DECRYPT'
}
