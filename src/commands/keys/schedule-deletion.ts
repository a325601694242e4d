import {ScheduleKeyDeletionCommand, type ScheduleKeyDeletionResponse} from '@aws-sdk/client-kms'
import {Args, Flags} from '@oclif/core'
import {BaseCommand} from '../../base-command.js'

export default class KeysScheduleDeletion extends BaseCommand<typeof KeysScheduleDeletion> {
  static override summary = 'Schedule a key for deletion after a waiting period of 7–30 days.'
  static override description = 'The key cannot be used while it waits; cancel with `kms keys cancel-deletion`. Once deleted, data encrypted under it cannot be decrypted.'
  static override args = {key: Args.string({required: true, description: 'key ID, key ARN, alias/NAME or alias ARN'})}
  static override flags = {days: Flags.integer({summary: 'waiting period in days (7–30)', default: 30, min: 7, max: 30})}

  async run(): Promise<Omit<ScheduleKeyDeletionResponse, '$metadata'>> {
    const KeyId = await this.resolveKeyId(this.args.key)
    const {$metadata: _, ...result} = await this.kms.send(new ScheduleKeyDeletionCommand({KeyId, PendingWindowInDays: this.flags.days}))
    // A cancel command that works as typed: the key ID (aliases are per Region) and the Region when it was given.
    const cancel = `kms keys cancel-deletion ${KeyId}${this.flags.region ? ` --region ${this.flags.region}` : ''}`
    this.log(result.DeletionDate
      ? `${result.KeyId} will be deleted on ${result.DeletionDate.toISOString()} (cancel: ${cancel})`
      // A multi-Region primary with replicas (PendingReplicaDeletion): its waiting period starts when the last replica is deleted.
      : `${result.KeyId} is ${result.KeyState ?? 'pending deletion'}: it will be deleted ${result.PendingWindowInDays ?? this.flags.days} days after its last replica (cancel: ${cancel})`)
    return result
  }
}
