/** The questions of `kms keys setup` (@inquirer/prompts); the only module that asks the terminal anything. */
import {confirm, input, number, select} from '@inquirer/prompts'
import {aliasNameProblem} from '../keys.js'
import {SPECS_FOR, type KeyPurpose, type SetupAnswers} from '../setup.js'

const PURPOSES: {value: KeyPurpose; name: string; description: string}[] = [
  {value: 'encrypt', name: 'Encrypt and decrypt data', description: 'files, archives, data keys (kms encrypt)'},
  {value: 'sign', name: 'Sign and verify', description: 'release artifacts, tokens, messages (kms sign)'},
  {value: 'mac', name: 'Generate and verify HMACs', description: 'message authentication codes (kms mac)'},
  {value: 'key-agreement', name: 'Key agreement (ECDH)', description: 'derive shared secrets with a peer'},
]

const SPEC_NOTES: Record<string, string> = {
  SYMMETRIC_DEFAULT: 'AES-256-GCM, never leaves KMS (recommended)',
  ECC_NIST_P256: 'ECDSA P-256, small and fast (recommended)',
  ECC_SECG_P256K1: 'secp256k1 (blockchains)',
  ECC_NIST_EDWARDS25519: 'Ed25519',
  HMAC_256: 'HMAC-SHA-256 (recommended)',
}

/** `aliasOwner` names the key an alias already points to (the wizard then asks for another name). */
export async function askSetupQuestions(aliasOwner?: (alias: string) => Promise<string | undefined>): Promise<SetupAnswers> {
  const purpose = await select({message: 'What is the key for?', choices: PURPOSES})
  const spec = await select({
    message: 'Key spec',
    choices: SPECS_FOR[purpose].map(value => ({value, name: SPEC_NOTES[value] ? `${value}  ${SPEC_NOTES[value]}` : value})),
  })
  const description = await input({message: 'Description (what data or system it protects)', default: ''})
  const aliasName = await input({
    message: 'Alias (alias/NAME, empty for none)',
    validate: async (value) => {
      if (value === '') return true
      const problem = aliasNameProblem(value)
      if (problem !== undefined) return problem
      const owner = await aliasOwner?.(value)
      return owner === undefined || `${value} already names the key ${owner}: pick another name`
    },
  })
  let rotationDays: number | undefined
  if (spec === 'SYMMETRIC_DEFAULT' && await confirm({message: 'Rotate the key material automatically?', default: true})) {
    rotationDays = await number({message: 'Rotate every how many days (90–2560)?', default: 365, min: 90, max: 2560, required: true})
  }
  const multiRegion = await confirm({message: 'Multi-Region key (replicas in other Regions share it)?', default: false})
  return {purpose, spec, description, alias: aliasName || undefined, rotationDays, multiRegion}
}
