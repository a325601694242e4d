import {DisableKeyRotationCommand} from '@aws-sdk/client-kms'
import {Args} from '@oclif/core'
import {BaseCommand} from '../../base-command.js'
import {requireRotatableKey} from '../../lib/rotation.js'

export default class RotationDisable extends BaseCommand<typeof RotationDisable> {
  static override summary = 'Turn off automatic rotation of a key (earlier material stays usable).'
  static override args = {key: Args.string({required: true, description: 'key ID, key ARN, alias/NAME or alias ARN'})}

  async run(): Promise<{KeyId: string}> {
    const {KeyId} = await requireRotatableKey(this.kms, this.args.key, 'automatic')
    await this.kms.send(new DisableKeyRotationCommand({KeyId}))
    this.log(`Automatic rotation of ${KeyId} disabled`)
    return {KeyId: KeyId!}
  }
}
