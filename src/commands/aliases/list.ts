import type {AliasListEntry} from '@aws-sdk/client-kms'
import {Flags} from '@oclif/core'
import {BaseCommand} from '../../base-command.js'
import {listAllAliases} from '../../lib/list-all.js'
import {renderAliasList} from '../../lib/ui/keys.js'

export default class AliasesList extends BaseCommand<typeof AliasesList> {
  static override summary = 'List aliases, or only those of one key.'
  static override flags = {key: Flags.string({char: 'k', summary: 'only aliases of this key'})}

  async run(): Promise<{Aliases: AliasListEntry[]}> {
    const keyId = this.flags.key === undefined ? undefined : await this.resolveKeyId(this.flags.key)
    const Aliases = await listAllAliases(this.kms, keyId)
    this.log(renderAliasList(Aliases))
    return {Aliases}
  }
}
