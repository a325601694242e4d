import {BaseCommand} from '../../base-command.js'
import {describeLocalStore, type LocalStoreStatus} from '../../lib/local-admin.js'
import {renderFields} from '../../lib/ui/table.js'

export default class LocalStatus extends BaseCommand<typeof LocalStatus> {
  static override summary = 'Show where the local KMS keeps its state and what it holds.'

  async run(): Promise<LocalStoreStatus> {
    const status = describeLocalStore({create: false})
    this.log(renderFields(Object.entries(status)))
    return status
  }
}
