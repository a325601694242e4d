import {BaseCommand} from '../../base-command.js'
import {listKeysWithDetails} from '../../lib/keys.js'
import {renderKeyList, type KeyListEntry} from '../../lib/ui/keys.js'

export default class KeysList extends BaseCommand<typeof KeysList> {
  static override summary = 'List keys with their state, aliases and description.'
  static override examples = ['<%= config.bin %> keys list', '<%= config.bin %> keys list --json | jq -r ".Keys[].KeyArn"']

  async run(): Promise<{Keys: KeyListEntry[]}> {
    const Keys = await listKeysWithDetails(this.kms)
    this.log(renderKeyList(Keys))
    return {Keys}
  }
}
