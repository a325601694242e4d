/** The settings in effect, defaults included, as `kms config list` and `kms config get` show them. */
import {LOCAL_DEFAULT_REGION, type Backend} from './clients.js'
import {SETTING_NAMES, type resolveSettings} from './settings.js'

export type SettingName = (typeof SETTING_NAMES)[number]
export interface EffectiveSetting {
  Value?: string
  Source?: string
}

/** Each setting's value and where it came from; one that is not set shows what applies instead (the local backend's defaults; on AWS the SDK reads the profile's Region). */
export function effectiveSettings(settings: ReturnType<typeof resolveSettings>, backend: Backend): Record<SettingName, EffectiveSetting> {
  const fallback: Partial<Record<SettingName, EffectiveSetting>> = {
    backend: {Value: 'local', Source: 'default'},
    region: backend === 'local' ? {Value: LOCAL_DEFAULT_REGION, Source: 'default'} : {Source: 'the AWS profile, if it sets one'},
  }
  return Object.fromEntries(SETTING_NAMES.map(name => [name, settings[name].value !== undefined
    ? {Value: settings[name].value, Source: settings[name].source}
    : fallback[name] ?? {}])) as Record<SettingName, EffectiveSetting>
}
