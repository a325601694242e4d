import {DescribeKeyCommand, type KeyMetadata} from '@aws-sdk/client-kms'
import {Args} from '@oclif/core'
import {BaseCommand} from '../../base-command.js'
import {listAllAliases} from '../../lib/list-all.js'
import {renderKey} from '../../lib/ui/keys.js'

export default class KeysDescribe extends BaseCommand<typeof KeysDescribe> {
  static override summary = 'Show a key\'s metadata.'
  static override args = {key: Args.string({required: true, description: 'key ID, key ARN, alias/NAME or alias ARN'})}
  static override examples = ['<%= config.bin %> keys describe alias/app']

  async run(): Promise<{KeyMetadata: KeyMetadata}> {
    const {KeyMetadata} = await this.kms.send(new DescribeKeyCommand({KeyId: this.args.key}))
    if (!this.jsonEnabled()) {
      const aliases = await listAllAliases(this.kms, KeyMetadata!.KeyId)
      this.log(renderKey(KeyMetadata!, aliases.map(a => a.AliasName!)))
    }
    return {KeyMetadata: KeyMetadata!}
  }
}
