/** Members shared by the cryptographic operations. */
import {ServiceError} from '../service-error.js'
import {ENCRYPTION_ALGORITHMS} from '../engine/key-specs.js'
import {optionalEnum, optionalList, optionalStringMap, type Input} from '../validate.js'

export const MAX_PLAINTEXT = 4096
export const MAX_CIPHERTEXT = 6144

export function encryptionContext(input: Input, name = 'EncryptionContext'): Record<string, string> | undefined {
  return optionalStringMap(input, name)
}

/** The EncryptionAlgorithm member; AWS's default is SYMMETRIC_DEFAULT, which asymmetric keys refuse. */
export function encryptionAlgorithm(input: Input, name = 'EncryptionAlgorithm'): string {
  return optionalEnum(input, name, ENCRYPTION_ALGORITHMS) ?? 'SYMMETRIC_DEFAULT'
}

/** DryRun: AWS checks the request, then answers DryRunOperationException instead of doing it. */
export function checkDryRun(input: Input): void {
  optionalList(input, 'GrantTokens', 10, t => t)
  if (input.DryRun === true) throw new ServiceError('DryRunOperationException', 'The request would have succeeded, but the DryRun option is set.')
}
