import {ScheduleKeyDeletionCommand, type ScheduleKeyDeletionResponse} from '@aws-sdk/client-kms'
import {Args, Flags} from '@oclif/core'
import {BaseCommand} from '../../base-command.js'

export default class KeysScheduleDeletion extends BaseCommand<typeof KeysScheduleDeletion> {
  static override summary = 'Schedule a key for deletion after a waiting period of 7–30 days.'
  static override description = 'The key cannot be used while it waits; cancel with `kms keys cancel-deletion`. Once deleted, data encrypted under it cannot be decrypted.'
  static override args = {key: Args.string({required: true, description: 'key ID, key ARN, alias/NAME or alias ARN'})}
  static override flags = {days: Flags.integer({summary: 'waiting period in days (7–30)', default: 30})}

  async run(): Promise<Omit<ScheduleKeyDeletionResponse, '$metadata'>> {
    const KeyId = await this.resolveKeyId(this.args.key)
    const {$metadata: _, ...result} = await this.kms.send(new ScheduleKeyDeletionCommand({KeyId, PendingWindowInDays: this.flags.days}))
    this.log(`${result.KeyId} will be deleted on ${result.DeletionDate?.toISOString()} (cancel: kms keys cancel-deletion ${this.args.key})`)
    return result
  }
}
