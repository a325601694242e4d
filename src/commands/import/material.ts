import {Args, Flags} from '@oclif/core'
import {BaseCommand} from '../../base-command.js'
import {UsageError} from '../../lib/errors.js'
import {WRAPPING_ALGORITHMS, WRAPPING_KEY_SPECS, importKeyMaterial} from '../../lib/import-material.js'
import {readBytes} from '../../lib/signing-input.js'

export default class ImportMaterial extends BaseCommand<typeof ImportMaterial> {
  static override summary = 'Import your own key material into an EXTERNAL key: gets the wrapping key, wraps locally, imports.'
  static override description = 'The material is 32 raw bytes for a symmetric key, the raw HMAC key for HMAC keys, or a PKCS #8 DER private key for asymmetric keys.'
  static override examples = [
    'openssl rand -out key.bin 32 && <%= config.bin %> import material alias/byok --material key.bin',
    '<%= config.bin %> import material alias/byok --material key.bin --expires-in-days 90',
    '<%= config.bin %> import material alias/byok --material next.bin --new && <%= config.bin %> rotation rotate alias/byok',
  ]
  static override args = {key: Args.string({required: true, description: 'key ID, key ARN, alias/NAME or alias ARN of an EXTERNAL key'})}
  static override flags = {
    material: Flags.string({char: 'm', required: true, summary: 'file with the plaintext key material (- for stdin)'}),
    'wrapping-algorithm': Flags.string({options: WRAPPING_ALGORITHMS, default: WRAPPING_ALGORITHMS[0], summary: 'how the material is wrapped in transit'}),
    'wrapping-key-spec': Flags.string({options: WRAPPING_KEY_SPECS, default: WRAPPING_KEY_SPECS[0], summary: 'the RSA wrapping key KMS makes'}),
    'valid-to': Flags.string({summary: 'the material expires at this date (ISO 8601); default: never', exclusive: ['expires-in-days']}),
    'expires-in-days': Flags.integer({min: 1, max: 365, summary: 'the material expires this many days from now'}),
    new: Flags.boolean({summary: 'import new material for a later on-demand rotation (ImportType NEW_KEY_MATERIAL)'}),
    description: Flags.string({summary: 'KeyMaterialDescription'}),
  }

  async run(): Promise<{KeyId: string; KeyMaterialId?: string; ExpirationModel: string; ValidTo?: Date}> {
    const validTo = this.validTo()
    const keyId = await this.resolveKeyId(this.args.key)
    const result = await importKeyMaterial(this.kms, keyId, readBytes(this.flags.material, 'key material'), {
      wrappingAlgorithm: this.flags['wrapping-algorithm'], wrappingKeySpec: this.flags['wrapping-key-spec'], validTo,
      importType: this.flags.new ? 'NEW_KEY_MATERIAL' : undefined, description: this.flags.description})
    this.log(`Key material ${result.KeyMaterialId ?? ''} imported into ${result.KeyId}${validTo ? `, valid to ${validTo.toISOString()}` : ', does not expire'}`)
    if (this.flags.new) this.log(`Make it current: kms rotation rotate ${keyId}`)
    return result
  }

  private validTo(): Date | undefined {
    if (this.flags['expires-in-days'] !== undefined) return new Date(Date.now() + this.flags['expires-in-days'] * 86_400_000)
    if (this.flags['valid-to'] === undefined) return undefined
    const date = new Date(this.flags['valid-to'])
    if (Number.isNaN(date.getTime())) throw new UsageError(`--valid-to '${this.flags['valid-to']}' is not a date`, {hint: 'write it as 2027-06-30 or 2027-06-30T12:00:00Z'})
    return date
  }
}
