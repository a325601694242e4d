import type {MultiRegionKey} from '@aws-sdk/client-kms'
import {Args} from '@oclif/core'
import {BaseCommand} from '../../base-command.js'
import {findPrimary} from '../../lib/replicas.js'
import {renderTable} from '../../lib/ui/table.js'

export default class ReplicasList extends BaseCommand<typeof ReplicasList> {
  static override summary = 'List the primary and the replicas of a multi-Region key.'
  static override args = {key: Args.string({required: true, description: 'multi-Region key: key ID, key ARN, alias/NAME or alias ARN'})}

  async run(): Promise<{PrimaryKey: MultiRegionKey; ReplicaKeys: MultiRegionKey[]}> {
    const {Configuration} = await findPrimary(this.kms, this.args.key)
    const replicas = Configuration.ReplicaKeys ?? []
    this.log(renderTable(['REGION', 'TYPE', 'ARN'], [[Configuration.PrimaryKey!.Region, 'PRIMARY', Configuration.PrimaryKey!.Arn],
      ...replicas.map(r => [r.Region, 'REPLICA', r.Arn])]))
    return {PrimaryKey: Configuration.PrimaryKey!, ReplicaKeys: replicas}
  }
}
