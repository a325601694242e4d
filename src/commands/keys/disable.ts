import {DisableKeyCommand} from '@aws-sdk/client-kms'
import {Args} from '@oclif/core'
import {BaseCommand} from '../../base-command.js'

export default class KeysDisable extends BaseCommand<typeof KeysDisable> {
  static override summary = 'Disable a key: nothing can encrypt or decrypt with it until it is enabled again.'
  static override args = {key: Args.string({required: true, description: 'key ID, key ARN, alias/NAME or alias ARN'})}

  async run(): Promise<{KeyId: string; KeyState: string}> {
    const KeyId = await this.resolveKeyId(this.args.key)
    await this.kms.send(new DisableKeyCommand({KeyId}))
    this.log(`Disabled ${KeyId}`)
    return {KeyId, KeyState: 'Disabled'}
  }
}
