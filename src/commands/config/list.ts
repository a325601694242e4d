import {BaseCommand} from '../../base-command.js'
import {LOCAL_DEFAULT_REGION} from '../../lib/clients.js'
import {configPath, defaultHome} from '../../lib/paths.js'
import {SETTING_NAMES} from '../../lib/settings.js'
import {renderTable} from '../../lib/ui/table.js'

export default class ConfigList extends BaseCommand<typeof ConfigList> {
  static override summary = 'Show every setting in effect and where it comes from.'

  async run(): Promise<{ConfigFile: string; LocalHome: string; Settings: Record<string, {Value?: string; Source?: string}>}> {
    const settings = this.settings
    const local = this.backend === 'local'
    // What applies when nothing is set: the local backend's defaults; on AWS the SDK reads the profile's region.
    const fallback: Partial<Record<(typeof SETTING_NAMES)[number], {Value?: string; Source: string}>> = {
      backend: {Value: 'local', Source: 'default'},
      region: local ? {Value: LOCAL_DEFAULT_REGION, Source: 'default'} : {Source: 'the AWS profile, if it sets one'},
    }
    const effective = Object.fromEntries(SETTING_NAMES.map(n => [n, settings[n].value !== undefined
      ? {Value: settings[n].value, Source: settings[n].source}
      : fallback[n] ?? {}])) as Record<string, {Value?: string; Source?: string}>
    this.log(renderTable(['SETTING', 'VALUE', 'SOURCE'], SETTING_NAMES.map(n => [n, effective[n].Value ?? '', effective[n].Source ?? ''])))
    this.log(`\nconfig file: ${configPath()}\nlocal store: ${defaultHome()}`)
    return {ConfigFile: configPath(), LocalHome: defaultHome(), Settings: effective}
  }
}
