import {Args} from '@oclif/core'
import {BaseCommand} from '../../base-command.js'
import {checkSetting} from '../../lib/settings.js'

export default class ConfigGet extends BaseCommand<typeof ConfigGet> {
  static override summary = 'Print the value in effect for a setting (from flags, environment or config file).'
  static override args = {name: Args.string({required: true, description: 'backend, region, profile, endpoint-url or key'})}

  async run(): Promise<{Name: string; Value?: string; Source?: string}> {
    const name = this.args.name
    checkSetting(name)
    const {value, source} = this.settings[name]
    if (value !== undefined) this.log(value)
    return {Name: name, Value: value, Source: source}
  }
}
