import {Args} from '@oclif/core'
import {BaseCommand} from '../../base-command.js'
import {configPath} from '../../lib/paths.js'
import {checkSetting, readConfigFile, writeConfigFile} from '../../lib/settings.js'

export default class ConfigSet extends BaseCommand<typeof ConfigSet> {
  static override summary = 'Save a setting in the config file.'
  static override args = {
    name: Args.string({required: true, description: 'backend, region, profile, endpoint-url or key'}),
    value: Args.string({required: true, description: 'the value'}),
  }
  static override examples = ['<%= config.bin %> config set key alias/app', '<%= config.bin %> config set backend aws']

  async run(): Promise<{Name: string; Value: string; File: string}> {
    const {name, value} = this.args
    checkSetting(name, value)
    writeConfigFile({...readConfigFile(), [name]: value})
    this.log(`${name} = ${value} (saved in ${configPath()})`)
    return {Name: name, Value: value, File: configPath()}
  }
}
