import {DeleteImportedKeyMaterialCommand} from '@aws-sdk/client-kms'
import {Args, Flags} from '@oclif/core'
import {BaseCommand} from '../../base-command.js'

export default class ImportDelete extends BaseCommand<typeof ImportDelete> {
  static override summary = 'Delete imported key material: the key goes back to PendingImport until the same material is imported again.'
  static override args = {key: Args.string({required: true, description: 'key ID, key ARN, alias/NAME or alias ARN of an EXTERNAL key'})}
  static override flags = {'key-material-id': Flags.string({summary: 'which material (default: the current one)'})}

  async run(): Promise<{KeyId: string; KeyMaterialId?: string}> {
    const out = await this.kms.send(new DeleteImportedKeyMaterialCommand({KeyId: await this.resolveKeyId(this.args.key),
      KeyMaterialId: this.flags['key-material-id']}))
    this.log(`Key material ${out.KeyMaterialId ?? ''} of ${out.KeyId} deleted; re-import the same material to use the key again`)
    return {KeyId: out.KeyId!, KeyMaterialId: out.KeyMaterialId}
  }
}
