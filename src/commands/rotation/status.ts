import {GetKeyRotationStatusCommand, type GetKeyRotationStatusResponse} from '@aws-sdk/client-kms'
import {Args} from '@oclif/core'
import {BaseCommand} from '../../base-command.js'
import {MANUAL_ROTATION_HINT, requireRotatableKey} from '../../lib/rotation.js'
import {renderFields} from '../../lib/ui/table.js'

export default class RotationStatus extends BaseCommand<typeof RotationStatus> {
  static override summary = 'Show whether a key rotates automatically, how often and when next.'
  static override args = {key: Args.string({required: true, description: 'key ID, key ARN, alias/NAME or alias ARN'})}

  async run(): Promise<Omit<GetKeyRotationStatusResponse, '$metadata'> & {CurrentKeyMaterialId?: string}> {
    const key = await requireRotatableKey(this.kms, this.args.key, 'any')
    const {$metadata: _, ...status} = await this.kms.send(new GetKeyRotationStatusCommand({KeyId: key.KeyId}))
    this.log(renderFields([
      ['KeyId', status.KeyId],
      ['KeyRotationEnabled', status.KeyRotationEnabled],
      ['RotationPeriodInDays', status.RotationPeriodInDays],
      ['NextRotationDate', status.NextRotationDate],
      ['OnDemandRotationStartDate', status.OnDemandRotationStartDate],
      ['CurrentKeyMaterialId', key.CurrentKeyMaterialId],
    ]))
    if (key.Origin === 'EXTERNAL') {
      this.log(`\nImported key material never rotates automatically. Rotate it on demand: kms import material ${this.args.key} --material FILE --new, ` +
        `then kms rotation rotate ${this.args.key}; ${MANUAL_ROTATION_HINT}`)
    }
    return {...status, CurrentKeyMaterialId: key.CurrentKeyMaterialId}
  }
}
