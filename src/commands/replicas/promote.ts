import {UpdatePrimaryRegionCommand} from '@aws-sdk/client-kms'
import {Args, Flags} from '@oclif/core'
import {BaseCommand} from '../../base-command.js'
import {createKmsClient} from '../../lib/clients.js'
import {findPrimary} from '../../lib/replicas.js'

export default class ReplicasPromote extends BaseCommand<typeof ReplicasPromote> {
  static override summary = 'Make the replica in another Region the primary key (UpdatePrimaryRegion).'
  static override examples = ['<%= config.bin %> replicas promote mrk-1234abcd12ab34cd56ef1234567890ab --primary-region eu-west-1']
  static override args = {key: Args.string({required: true, description: 'multi-Region key: key ID, key ARN, alias/NAME or alias ARN'})}
  static override flags = {'primary-region': Flags.string({required: true, summary: 'the Region whose replica becomes the primary'})}

  async run(): Promise<{KeyId: string; PreviousPrimaryRegion: string; PrimaryRegion: string}> {
    const primary = await findPrimary(this.kms, this.args.key)
    const PrimaryRegion = this.flags['primary-region']
    const client = createKmsClient({backend: this.backend, region: primary.Region, profile: this.settings.profile.value, profileSource: this.settings.profile.source,
      endpointUrl: this.settings['endpoint-url'].value})
    await client.send(new UpdatePrimaryRegionCommand({KeyId: primary.KeyId, PrimaryRegion}))
    this.log(`${primary.KeyId}: primary moved from ${primary.Region} to ${PrimaryRegion}`)
    return {KeyId: primary.KeyId, PreviousPrimaryRegion: primary.Region, PrimaryRegion}
  }
}
