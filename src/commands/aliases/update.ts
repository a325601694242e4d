import {UpdateAliasCommand} from '@aws-sdk/client-kms'
import {Args} from '@oclif/core'
import {BaseCommand} from '../../base-command.js'

export default class AliasesUpdate extends BaseCommand<typeof AliasesUpdate> {
  static override summary = 'Point an existing alias at another key (how manual rotation is done).'
  static override args = {
    alias: Args.string({required: true, description: 'alias/NAME'}),
    key: Args.string({required: true, description: 'key ID, key ARN, alias/NAME or alias ARN of the new target'}),
  }

  async run(): Promise<{AliasName: string; TargetKeyId: string}> {
    const TargetKeyId = await this.resolveKeyId(this.args.key)
    await this.kms.send(new UpdateAliasCommand({AliasName: this.args.alias, TargetKeyId}))
    this.log(`${this.args.alias} → ${TargetKeyId}`)
    return {AliasName: this.args.alias, TargetKeyId}
  }
}
