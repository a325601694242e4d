import {CreateAliasCommand} from '@aws-sdk/client-kms'
import {Args} from '@oclif/core'
import {BaseCommand} from '../../base-command.js'

export default class AliasesCreate extends BaseCommand<typeof AliasesCreate> {
  static override summary = 'Create an alias for a key.'
  static override args = {
    alias: Args.string({required: true, description: 'alias/NAME'}),
    key: Args.string({required: true, description: 'key ID, key ARN, alias/NAME or alias ARN'}),
  }
  static override examples = ['<%= config.bin %> aliases create alias/app 1234abcd-12ab-34cd-56ef-1234567890ab']

  async run(): Promise<{AliasName: string; TargetKeyId: string}> {
    const TargetKeyId = await this.resolveKeyId(this.args.key)
    await this.kms.send(new CreateAliasCommand({AliasName: this.args.alias, TargetKeyId}))
    this.log(`${this.args.alias} → ${TargetKeyId}`)
    return {AliasName: this.args.alias, TargetKeyId}
  }
}
