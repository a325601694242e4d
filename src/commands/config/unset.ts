import {Args} from '@oclif/core'
import {BaseCommand} from '../../base-command.js'
import {checkSetting, readConfigFile, writeConfigFile} from '../../lib/settings.js'

export default class ConfigUnset extends BaseCommand<typeof ConfigUnset> {
  static override summary = 'Remove a setting from the config file.'
  static override args = {name: Args.string({required: true, description: 'backend, region, profile, endpoint-url or key'})}

  async run(): Promise<{Name: string}> {
    const {name} = this.args
    checkSetting(name)
    const {[name]: _, ...rest} = readConfigFile()
    writeConfigFile(rest)
    this.log(`${name} removed`)
    return {Name: name}
  }
}
