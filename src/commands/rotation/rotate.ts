import {RotateKeyOnDemandCommand} from '@aws-sdk/client-kms'
import {Args} from '@oclif/core'
import {BaseCommand} from '../../base-command.js'
import {requireRotatableKey} from '../../lib/rotation.js'

export default class RotationRotate extends BaseCommand<typeof RotationRotate> {
  static override summary = 'Rotate a symmetric key now (on demand; at most 25 times per key).'
  static override description = 'For imported key material: import the new material first (kms import material KEY --material FILE --new).'
  static override args = {key: Args.string({required: true, description: 'key ID, key ARN, alias/NAME or alias ARN'})}

  async run(): Promise<{KeyId: string}> {
    const {KeyId} = await requireRotatableKey(this.kms, this.args.key, 'on-demand')
    await this.kms.send(new RotateKeyOnDemandCommand({KeyId}))
    this.log(`Rotation of ${KeyId} started (see kms rotation list ${KeyId})`)
    return {KeyId: KeyId!}
  }
}
