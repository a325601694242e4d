import {TagResourceCommand} from '@aws-sdk/client-kms'
import {Args} from '@oclif/core'
import {BaseCommand} from '../../base-command.js'
import {UsageError} from '../../lib/errors.js'
import {parsePairs} from '../../lib/pairs.js'

export default class KeysTag extends BaseCommand<typeof KeysTag> {
  static override summary = 'Add or change tags on a key.'
  static override strict = false
  static override usage = 'keys tag KEY NAME=VALUE...'
  static override args = {key: Args.string({required: true, description: 'key ID, key ARN, alias/NAME or alias ARN'})}
  static override examples = ['<%= config.bin %> keys tag alias/app team=payments env=prod']

  async run(): Promise<{KeyId: string; Tags: {TagKey: string; TagValue: string}[]}> {
    const pairs = this.positional.slice(1)
    if (pairs.length === 0) throw new UsageError('no tags given', {hint: 'kms keys tag KEY NAME=VALUE ...'})
    const Tags = Object.entries(parsePairs(pairs, 'tag')).map(([TagKey, TagValue]) => ({TagKey, TagValue}))
    const KeyId = await this.resolveKeyId(this.args.key)
    await this.kms.send(new TagResourceCommand({KeyId, Tags}))
    this.log(`Tagged ${KeyId}: ${Tags.map(t => `${t.TagKey}=${t.TagValue}`).join(' ')}`)
    return {KeyId, Tags}
  }
}
