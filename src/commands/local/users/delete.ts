import {Args} from '@oclif/core'
import {BaseCommand} from '../../../base-command.js'
import {localEngine} from '../../../lib/clients.js'
import {deleteUser} from '../../../lib/local/engine/identity.js'

export default class LocalUsersDelete extends BaseCommand<typeof LocalUsersDelete> {
  static override summary = 'Delete a local user and its access keys.'
  static override args = {name: Args.string({required: true, description: 'user name'})}

  async run(): Promise<{UserName: string}> {
    deleteUser(localEngine(), this.args.name)
    this.log(`Deleted ${this.args.name}`)
    return {UserName: this.args.name}
  }
}
