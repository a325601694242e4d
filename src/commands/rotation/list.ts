import type {RotationsListEntry} from '@aws-sdk/client-kms'
import {Args, Flags} from '@oclif/core'
import {BaseCommand} from '../../base-command.js'
import {listAllRotations, requireRotatableKey} from '../../lib/rotation.js'
import {renderTable} from '../../lib/ui/table.js'

export default class RotationList extends BaseCommand<typeof RotationList> {
  static override summary = 'List the rotations of a key (ListKeyRotations), oldest first.'
  static override args = {key: Args.string({required: true, description: 'key ID, key ARN, alias/NAME or alias ARN'})}
  static override flags = {all: Flags.boolean({summary: 'every key material, also the original and pending ones (ALL_KEY_MATERIAL)'})}

  async run(): Promise<{Rotations: RotationsListEntry[]}> {
    const key = await requireRotatableKey(this.kms, this.args.key, 'any')
    const KeyId = key.KeyId!
    const Rotations = await listAllRotations(this.kms, KeyId, this.flags.all)
    // A replica rotates with its primary: the command to run names the primary's Region.
    const primary = key.MultiRegionConfiguration?.MultiRegionKeyType === 'REPLICA' ? key.MultiRegionConfiguration.PrimaryKey?.Region : undefined
    this.log(Rotations.length === 0 ? `No rotations of ${KeyId} yet. Rotate now: kms rotation rotate ${KeyId}${primary ? ` --region ${primary}` : ''}`
      : renderTable(['ROTATION DATE', 'TYPE', 'STATE', 'KEY MATERIAL ID'], Rotations.map(r =>
        [r.RotationDate?.toISOString().replace(/\.\d{3}Z$/, 'Z'), r.RotationType, r.KeyMaterialState, r.KeyMaterialId])))
    return {Rotations}
  }
}
