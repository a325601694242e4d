import {ReplicateKeyCommand, type KeyMetadata} from '@aws-sdk/client-kms'
import {Args, Flags} from '@oclif/core'
import {BaseCommand} from '../../base-command.js'
import {createKmsClient} from '../../lib/clients.js'
import {parsePairs} from '../../lib/pairs.js'
import {findPrimary} from '../../lib/replicas.js'
import {renderKey} from '../../lib/ui/keys.js'

export default class ReplicasCreate extends BaseCommand<typeof ReplicasCreate> {
  static override summary = 'Replicate a multi-Region key into another Region (same key ID and key material).'
  static override examples = ['<%= config.bin %> replicas create mrk-1234abcd12ab34cd56ef1234567890ab --replica-region eu-west-1']
  static override args = {key: Args.string({required: true, description: 'multi-Region key: key ID, key ARN, alias/NAME or alias ARN'})}
  static override flags = {
    'replica-region': Flags.string({required: true, summary: 'the Region of the new replica'}),
    description: Flags.string({char: 'd', summary: 'the replica\'s description (not shared with the primary)'}),
    tag: Flags.string({multiple: true, summary: 'tag the replica NAME=VALUE (repeatable)'}),
  }

  async run(): Promise<{ReplicaKeyMetadata: KeyMetadata}> {
    const primary = await findPrimary(this.kms, this.args.key)
    const tags = Object.entries(parsePairs(this.flags.tag, 'tag')).map(([TagKey, TagValue]) => ({TagKey, TagValue}))
    const client = createKmsClient({backend: this.backend, region: primary.Region, profile: this.settings.profile.value, profileSource: this.settings.profile.source,
      endpointUrl: this.settings['endpoint-url'].value})
    const {ReplicaKeyMetadata} = await client.send(new ReplicateKeyCommand({KeyId: primary.KeyId, ReplicaRegion: this.flags['replica-region'],
      Description: this.flags.description, Tags: tags.length > 0 ? tags : undefined}))
    this.log(renderKey(ReplicaKeyMetadata!))
    return {ReplicaKeyMetadata: ReplicaKeyMetadata!}
  }
}
