import {EnableKeyCommand} from '@aws-sdk/client-kms'
import {Args} from '@oclif/core'
import {BaseCommand} from '../../base-command.js'

export default class KeysEnable extends BaseCommand<typeof KeysEnable> {
  static override summary = 'Enable a disabled key, so it can be used again.'
  static override args = {key: Args.string({required: true, description: 'key ID, key ARN, alias/NAME or alias ARN'})}

  async run(): Promise<{KeyId: string; KeyState: string}> {
    const KeyId = await this.resolveKeyId(this.args.key)
    await this.kms.send(new EnableKeyCommand({KeyId}))
    this.log(`Enabled ${KeyId}`)
    return {KeyId, KeyState: 'Enabled'}
  }
}
