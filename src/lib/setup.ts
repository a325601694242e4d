/**
 * `kms keys setup`: what the wizard decides, as data. The same answers create the key and print
 * the equivalent non-interactive commands, so what a person clicked through a script can repeat.
 */
import {EnableKeyRotationCommand, type KMSClient, type KeyMetadata, type KeySpec, type KeyUsageType} from '@aws-sdk/client-kms'
import {defaultUsageFor} from './key-specs.js'
import {createKeyWithAlias} from './keys.js'
import {shellQuote} from './ui/messages.js'

export type KeyPurpose = 'encrypt' | 'sign' | 'mac' | 'key-agreement'

export interface SetupAnswers {
  purpose: KeyPurpose
  spec: string
  description: string
  alias?: string
  /** Symmetric encryption keys only: rotate automatically every this many days. */
  rotationDays?: number
  multiRegion?: boolean
}

/** The key specs that fit a purpose, most common first (AWS's rules for KeySpec × KeyUsage). */
export const SPECS_FOR: Record<KeyPurpose, string[]> = {
  encrypt: ['SYMMETRIC_DEFAULT', 'RSA_2048', 'RSA_3072', 'RSA_4096'],
  sign: ['ECC_NIST_P256', 'ECC_NIST_P384', 'ECC_NIST_P521', 'ECC_SECG_P256K1', 'ECC_NIST_EDWARDS25519', 'RSA_2048', 'RSA_3072', 'RSA_4096'],
  mac: ['HMAC_256', 'HMAC_384', 'HMAC_512', 'HMAC_224'],
  'key-agreement': ['ECC_NIST_P256', 'ECC_NIST_P384', 'ECC_NIST_P521'],
}

const USAGE_FOR: Record<KeyPurpose, string> = {encrypt: 'ENCRYPT_DECRYPT', sign: 'SIGN_VERIFY', mac: 'GENERATE_VERIFY_MAC', 'key-agreement': 'KEY_AGREEMENT'}

export function usageOf(answers: SetupAnswers): string {
  return USAGE_FOR[answers.purpose]
}

/**
 * The non-interactive commands that do what the answers say, with the global flags the wizard
 * ran with (`--backend aws --region …`), so that they act on the same KMS. Rotation names the
 * alias, else the key ID once known (`keyId`).
 */
export function setupCommands(answers: SetupAnswers, {keyId, globalFlags = []}: {keyId?: string; globalFlags?: string[]} = {}): string[] {
  const global = globalFlags.map(shellQuote)
  const create = ['kms', 'keys', 'create']
  if (answers.spec !== 'SYMMETRIC_DEFAULT') create.push('--spec', answers.spec)
  if (usageOf(answers) !== defaultUsageFor(answers.spec)) create.push('--usage', usageOf(answers))
  if (answers.description) create.push('--description', shellQuote(answers.description))
  if (answers.alias) create.push('--alias', answers.alias)
  if (answers.multiRegion) create.push('--multi-region')
  const commands = [[...create, ...global].join(' ')]
  if (answers.rotationDays !== undefined) {
    commands.push(['kms', 'rotation', 'enable', answers.alias ?? keyId ?? 'KEY', '--period-days', String(answers.rotationDays), ...global].join(' '))
  }
  return commands
}

/** Creates the key the answers describe, with its alias and rotation. */
export async function applySetup(kms: KMSClient, answers: SetupAnswers): Promise<KeyMetadata> {
  const KeyMetadata = await createKeyWithAlias(kms, {
    Description: answers.description, KeySpec: answers.spec as KeySpec, KeyUsage: usageOf(answers) as KeyUsageType,
    MultiRegion: answers.multiRegion || undefined,
  }, answers.alias || undefined)
  if (answers.rotationDays !== undefined) await kms.send(new EnableKeyRotationCommand({KeyId: KeyMetadata.KeyId, RotationPeriodInDays: answers.rotationDays}))
  return KeyMetadata
}
