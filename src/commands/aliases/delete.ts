import {DeleteAliasCommand} from '@aws-sdk/client-kms'
import {Args} from '@oclif/core'
import {BaseCommand} from '../../base-command.js'

export default class AliasesDelete extends BaseCommand<typeof AliasesDelete> {
  static override summary = 'Delete an alias (the key itself is not affected).'
  static override args = {alias: Args.string({required: true, description: 'alias/NAME'})}

  async run(): Promise<{AliasName: string}> {
    await this.kms.send(new DeleteAliasCommand({AliasName: this.args.alias}))
    this.log(`Deleted ${this.args.alias}`)
    return {AliasName: this.args.alias}
  }
}
