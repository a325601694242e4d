import {CreateAliasCommand, CreateKeyCommand, type KeyMetadata} from '@aws-sdk/client-kms'
import {Flags} from '@oclif/core'
import {readFileSync} from 'node:fs'
import {BaseCommand} from '../../base-command.js'
import {UsageError} from '../../lib/errors.js'
import {parsePairs} from '../../lib/pairs.js'
import {renderKey} from '../../lib/ui/keys.js'

export default class KeysCreate extends BaseCommand<typeof KeysCreate> {
  static override summary = 'Create a symmetric encryption key (AES-256).'
  static override examples = [
    '<%= config.bin %> keys create --description "app data" --alias alias/app',
    '<%= config.bin %> keys create --tag team=payments --tag env=prod --json',
  ]
  static override flags = {
    description: Flags.string({char: 'd', summary: 'what the key is for'}),
    alias: Flags.string({summary: 'also create this alias (alias/NAME) for the key'}),
    tag: Flags.string({multiple: true, summary: 'tag as NAME=VALUE (repeatable)'}),
    policy: Flags.file({exists: true, summary: 'key policy JSON file (default: the account root may do everything)'}),
  }

  async run(): Promise<{KeyMetadata: KeyMetadata}> {
    const {description, alias, tag, policy} = this.flags
    const tags = Object.entries(parsePairs(tag, 'tag')).map(([TagKey, TagValue]) => ({TagKey, TagValue}))
    if (alias !== undefined && !alias.startsWith('alias/')) throw new UsageError(`alias '${alias}' must start with alias/`)
    const {KeyMetadata} = await this.kms.send(new CreateKeyCommand({
      Description: description, Tags: tags.length > 0 ? tags : undefined, Policy: policy && readFileSync(policy, 'utf8'),
    }))
    if (alias) await this.kms.send(new CreateAliasCommand({AliasName: alias, TargetKeyId: KeyMetadata!.KeyId}))
    this.log(renderKey(KeyMetadata!, alias ? [alias] : []))
    return {KeyMetadata: KeyMetadata!}
  }
}
