import {UpdateKeyDescriptionCommand} from '@aws-sdk/client-kms'
import {Args} from '@oclif/core'
import {BaseCommand} from '../../base-command.js'

export default class KeysUpdateDescription extends BaseCommand<typeof KeysUpdateDescription> {
  static override summary = 'Change a key\'s description.'
  static override args = {
    key: Args.string({required: true, description: 'key ID, key ARN, alias/NAME or alias ARN'}),
    description: Args.string({required: true, description: 'the new description'}),
  }

  async run(): Promise<{KeyId: string; Description: string}> {
    const KeyId = await this.resolveKeyId(this.args.key)
    await this.kms.send(new UpdateKeyDescriptionCommand({KeyId, Description: this.args.description}))
    this.log(`Updated the description of ${KeyId}`)
    return {KeyId, Description: this.args.description}
  }
}
