/** Members shared by the symmetric cryptographic operations. */
import {ServiceError} from '../service-error.js'
import {optionalEnum, optionalList, optionalStringMap, type Input} from '../validate.js'

export const MAX_PLAINTEXT = 4096
export const MAX_CIPHERTEXT = 6144

export function encryptionContext(input: Input, name = 'EncryptionContext'): Record<string, string> | undefined {
  return optionalStringMap(input, name)
}

/** Only SYMMETRIC_DEFAULT exists for symmetric keys; RSA algorithms arrive with asymmetric keys. */
export function symmetricAlgorithm(input: Input, name = 'EncryptionAlgorithm'): 'SYMMETRIC_DEFAULT' {
  const algorithm = optionalEnum(input, name, ['SYMMETRIC_DEFAULT', 'RSAES_OAEP_SHA_1', 'RSAES_OAEP_SHA_256', 'SM2PKE'] as const)
  if (algorithm !== undefined && algorithm !== 'SYMMETRIC_DEFAULT') {
    throw new ServiceError('InvalidKeyUsageException', `The encryption algorithm ${algorithm} is not valid for a symmetric key.`)
  }
  return 'SYMMETRIC_DEFAULT'
}

/** DryRun: AWS checks the request, then answers DryRunOperationException instead of doing it. */
export function checkDryRun(input: Input): void {
  optionalList(input, 'GrantTokens', 10, t => t)
  if (input.DryRun === true) throw new ServiceError('DryRunOperationException', 'The request would have succeeded, but the DryRun option is set.')
}
