import {Args} from '@oclif/core'
import {BaseCommand} from '../../base-command.js'
import {effectiveSettings} from '../../lib/effective-settings.js'
import {checkSetting} from '../../lib/settings.js'

export default class ConfigGet extends BaseCommand<typeof ConfigGet> {
  static override summary = 'Print the value in effect for a setting (from flags, environment or config file).'
  static override args = {name: Args.string({required: true, description: 'backend, region, profile, endpoint-url or key'})}

  async run(): Promise<{Name: string; Value?: string; Source?: string}> {
    const name = this.args.name
    checkSetting(name)
    const {Value, Source} = effectiveSettings(this.settings, this.backend)[name]
    if (Value !== undefined) this.log(Value)
    return {Name: name, Value, Source}
  }
}
