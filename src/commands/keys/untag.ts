import {UntagResourceCommand} from '@aws-sdk/client-kms'
import {Args} from '@oclif/core'
import {BaseCommand} from '../../base-command.js'
import {UsageError} from '../../lib/errors.js'

export default class KeysUntag extends BaseCommand<typeof KeysUntag> {
  static override summary = 'Remove tags from a key.'
  static override strict = false
  static override usage = 'keys untag KEY NAME...'
  static override args = {key: Args.string({required: true, description: 'key ID, key ARN, alias/NAME or alias ARN'})}
  static override examples = ['<%= config.bin %> keys untag alias/app team env']

  async run(): Promise<{KeyId: string; TagKeys: string[]}> {
    const TagKeys = this.positional.slice(1)
    if (TagKeys.length === 0) throw new UsageError('no tag names given', {hint: 'kms keys untag KEY NAME ...'})
    const KeyId = await this.resolveKeyId(this.args.key)
    await this.kms.send(new UntagResourceCommand({KeyId, TagKeys}))
    this.log(`Removed from ${KeyId}: ${TagKeys.join(' ')}`)
    return {KeyId, TagKeys}
  }
}
