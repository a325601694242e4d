import {CancelKeyDeletionCommand} from '@aws-sdk/client-kms'
import {Args} from '@oclif/core'
import {BaseCommand} from '../../base-command.js'

export default class KeysCancelDeletion extends BaseCommand<typeof KeysCancelDeletion> {
  static override summary = 'Cancel a scheduled deletion; the key stays disabled until enabled.'
  static override args = {key: Args.string({required: true, description: 'key ID, key ARN, alias/NAME or alias ARN'})}

  async run(): Promise<{KeyId: string; KeyState: string}> {
    const {KeyId} = await this.kms.send(new CancelKeyDeletionCommand({KeyId: await this.resolveKeyId(this.args.key)}))
    this.log(`Deletion cancelled; ${KeyId} is disabled (enable it: kms keys enable ${this.args.key}${this.flags.region ? ` --region ${this.flags.region}` : ''})`)
    return {KeyId: KeyId!, KeyState: 'Disabled'}
  }
}
