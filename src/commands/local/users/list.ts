import {BaseCommand} from '../../../base-command.js'
import {localEngine} from '../../../lib/clients.js'
import {listUsers, type LocalUser} from '../../../lib/local/engine/identity.js'
import {renderTable} from '../../../lib/ui/table.js'

export default class LocalUsersList extends BaseCommand<typeof LocalUsersList> {
  static override summary = 'List the local account\'s users and their access key IDs.'

  async run(): Promise<{Users: LocalUser[]}> {
    const Users = listUsers(localEngine())
    this.log(renderTable(['USER', 'ARN', 'ACCESS KEYS'], Users.map(u => [u.UserName, u.Arn, u.AccessKeyIds.join(', ')])))
    return {Users}
  }
}
