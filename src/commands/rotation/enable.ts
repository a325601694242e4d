import {EnableKeyRotationCommand} from '@aws-sdk/client-kms'
import {Args, Flags} from '@oclif/core'
import {BaseCommand} from '../../base-command.js'
import {requireRotatableKey} from '../../lib/rotation.js'

export default class RotationEnable extends BaseCommand<typeof RotationEnable> {
  static override summary = 'Turn on automatic rotation of a symmetric key (every 365 days unless --period-days).'
  static override examples = ['<%= config.bin %> rotation enable alias/app --period-days 180']
  static override args = {key: Args.string({required: true, description: 'key ID, key ARN, alias/NAME or alias ARN'})}
  static override flags = {
    'period-days': Flags.integer({min: 90, max: 2560, summary: 'days between rotations, 90–2560 (default 365)'}),
  }

  async run(): Promise<{KeyId: string; RotationPeriodInDays: number}> {
    const {KeyId} = await requireRotatableKey(this.kms, this.args.key, 'automatic')
    const RotationPeriodInDays = this.flags['period-days'] ?? 365
    await this.kms.send(new EnableKeyRotationCommand({KeyId, RotationPeriodInDays}))
    this.log(`Automatic rotation of ${KeyId} enabled: every ${RotationPeriodInDays} days`)
    return {KeyId: KeyId!, RotationPeriodInDays}
  }
}
