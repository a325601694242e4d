import {BaseCommand} from '../../base-command.js'
import {effectiveSettings} from '../../lib/effective-settings.js'
import {configPath, defaultHome} from '../../lib/paths.js'
import {SETTING_NAMES} from '../../lib/settings.js'
import {renderTable} from '../../lib/ui/table.js'

export default class ConfigList extends BaseCommand<typeof ConfigList> {
  static override summary = 'Show every setting in effect and where it comes from.'

  async run(): Promise<{ConfigFile: string; LocalHome: string; Settings: Record<string, {Value?: string; Source?: string}>}> {
    const effective = effectiveSettings(this.settings, this.backend)
    this.log(renderTable(['SETTING', 'VALUE', 'SOURCE'], SETTING_NAMES.map(n => [n, effective[n].Value ?? '', effective[n].Source ?? ''])))
    this.log(`\nconfig file: ${configPath()}\nlocal store: ${defaultHome()}`)
    return {ConfigFile: configPath(), LocalHome: defaultHome(), Settings: effective}
  }
}
