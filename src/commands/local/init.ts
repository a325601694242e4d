import {BaseCommand} from '../../base-command.js'
import {describeLocalStore, type LocalStoreStatus} from '../../lib/local-admin.js'

export default class LocalInit extends BaseCommand<typeof LocalInit> {
  static override summary = 'Create the local KMS store (done automatically on first use).'
  static override description = 'Creates $KMS_HOME with its database, root key (0600) and the admin user with an access key. Safe to run again.'

  async run(): Promise<LocalStoreStatus> {
    const status = describeLocalStore({create: true})
    this.log(`Local KMS ready in ${status.Home} (account ${status.AccountId}, key store ${status.KeyStore})`)
    return status
  }
}
