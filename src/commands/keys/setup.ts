import type {KeyMetadata} from '@aws-sdk/client-kms'
import {BaseCommand} from '../../base-command.js'
import {UsageError} from '../../lib/errors.js'
import {aliasOwner} from '../../lib/keys.js'
import {applySetup, setupCommands} from '../../lib/setup.js'
import {renderKey} from '../../lib/ui/keys.js'
import {askSetupQuestions} from '../../lib/ui/prompts.js'

export default class KeysSetup extends BaseCommand<typeof KeysSetup> {
  static override summary = 'Set up a key interactively: purpose, spec, alias, rotation; then prints the equivalent commands.'
  static override description = 'Needs a terminal. In scripts, use the commands it prints (kms keys create …, kms rotation enable …).'

  async run(): Promise<{KeyMetadata: KeyMetadata; Commands: string[]}> {
    if (!process.stdin.isTTY || !process.stdout.isTTY) {
      throw new UsageError('kms keys setup asks questions and needs a terminal', {hint: 'in scripts: kms keys create --spec SPEC --alias alias/NAME, then kms rotation enable KEY'})
    }
    const answers = await askSetupQuestions(alias => aliasOwner(this.kms, alias))
    const KeyMetadata = await applySetup(this.kms, answers)
    const {backend, region, profile} = this.flags
    const globalFlags = [
      ...(backend ? ['--backend', backend] : []), ...(region ? ['--region', region] : []), ...(profile ? ['--profile', profile] : []),
      ...(this.flags['endpoint-url'] ? ['--endpoint-url', this.flags['endpoint-url']] : []),
    ]
    const Commands = setupCommands(answers, {keyId: KeyMetadata.KeyId, globalFlags})
    this.log(`\n${renderKey(KeyMetadata, answers.alias ? [answers.alias] : [])}\n\nThe same without questions:\n${Commands.map(c => `  ${c}`).join('\n')}`)
    return {KeyMetadata, Commands}
  }
}
