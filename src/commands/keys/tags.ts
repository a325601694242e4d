import type {Tag} from '@aws-sdk/client-kms'
import {Args} from '@oclif/core'
import {BaseCommand} from '../../base-command.js'
import {listAllTags} from '../../lib/list-all.js'
import {renderTable} from '../../lib/ui/table.js'

export default class KeysTags extends BaseCommand<typeof KeysTags> {
  static override summary = 'List a key\'s tags.'
  static override args = {key: Args.string({required: true, description: 'key ID, key ARN, alias/NAME or alias ARN'})}

  async run(): Promise<{Tags: Tag[]}> {
    const Tags = await listAllTags(this.kms, await this.resolveKeyId(this.args.key))
    this.log(Tags.length === 0 ? 'No tags.' : renderTable(['TAG', 'VALUE'], Tags.map(t => [t.TagKey, t.TagValue])))
    return {Tags}
  }
}
