/**
 * Settings: flags, then environment, then the config file (`kms config set`). One resolver, so
 * every command sees the same backend, Region, profile, endpoint and default key.
 */
import {chmodSync, mkdirSync, readFileSync, renameSync, writeFileSync} from 'node:fs'
import {dirname} from 'node:path'
import {UsageError} from './errors.js'
import {configPath} from './paths.js'
import type {Backend} from './clients.js'
import {shellQuote} from './ui/messages.js'

export const SETTING_NAMES = ['backend', 'region', 'profile', 'endpoint-url', 'key'] as const
export type SettingName = (typeof SETTING_NAMES)[number]
export type Settings = Partial<Record<SettingName, string>>

const ENV: Record<SettingName, string[]> = {
  backend: ['KMS_BACKEND'],
  region: ['AWS_REGION', 'AWS_DEFAULT_REGION'],
  profile: ['AWS_PROFILE'],
  'endpoint-url': ['AWS_ENDPOINT_URL_KMS', 'AWS_ENDPOINT_URL'],
  key: ['KMS_KEY'],
}

export function readConfigFile(path = configPath()): Settings {
  let text: string
  try {
    text = readFileSync(path, 'utf8')
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code === 'ENOENT') return {}
    throw new UsageError(`cannot read the config file ${path}: ${(error as Error).message}`)
  }
  try {
    const parsed = JSON.parse(text)
    if (typeof parsed !== 'object' || parsed === null || Array.isArray(parsed)) throw new Error('not an object')
    return parsed as Settings
  } catch (error) {
    throw new UsageError(`the config file ${path} is not a JSON object: ${(error as Error).message}`, {hint: `fix it, or remove it: rm ${shellQuote(path)}`})
  }
}

export function writeConfigFile(settings: Settings, path = configPath()): void {
  mkdirSync(dirname(path), {recursive: true})
  const temp = `${path}.${process.pid}.tmp`
  writeFileSync(temp, JSON.stringify(settings, null, 2) + '\n', {mode: 0o600})
  chmodSync(temp, 0o600)
  renameSync(temp, path)
}

export function checkSetting(name: string, value?: string): asserts name is SettingName {
  if (!(SETTING_NAMES as readonly string[]).includes(name)) {
    throw new UsageError(`unknown setting '${name}'`, {hint: `settings: ${SETTING_NAMES.join(', ')}`})
  }
  if (name === 'backend' && value !== undefined && value !== 'local' && value !== 'aws') {
    throw new UsageError(`backend must be 'local' or 'aws', not '${value}'`)
  }
  if (name === 'endpoint-url' && value !== undefined) checkEndpointUrl(value)
  if (name === 'region' && value !== undefined && !/^[a-z0-9]([a-z0-9-]*[a-z0-9])?$/.test(value)) {
    throw new UsageError(`region '${value}' is not a Region name`, {hint: 'e.g. us-east-1, eu-west-1'})
  }
}

/** An endpoint is an http(s) URL; anything else is a usage error naming it. */
export function checkEndpointUrl(url: string): string {
  let parsed: URL | undefined
  try {
    parsed = new URL(url)
  } catch {
    parsed = undefined
  }
  if (parsed === undefined || (parsed.protocol !== 'http:' && parsed.protocol !== 'https:') || parsed.hostname === '') {
    throw new UsageError(`endpoint URL '${url}' is not an http:// or https:// URL`, {hint: 'e.g. --endpoint-url http://127.0.0.1:4599'})
  }
  return url
}

/** Each setting with where it came from: flag, the environment variable's name, or the config file. */
export function resolveSettings(flags: Settings, env: NodeJS.ProcessEnv = process.env, file: Settings = readConfigFile()):
  Record<SettingName, {value?: string; source?: string}> {
  const out = {} as Record<SettingName, {value?: string; source?: string}>
  for (const name of SETTING_NAMES) {
    const envName = ENV[name].find(n => env[n])
    out[name] = flags[name] !== undefined ? {value: flags[name], source: 'flag'}
      : envName ? {value: env[envName], source: envName}
      : file[name] !== undefined ? {value: file[name], source: 'config file'}
      : {}
  }
  const backend = out.backend.value
  if (backend !== undefined && backend !== 'local' && backend !== 'aws') {
    throw new UsageError(`backend must be 'local' or 'aws', not '${backend}' (from ${out.backend.source})`)
  }
  return out
}

export function backendOf(settings: ReturnType<typeof resolveSettings>): Backend {
  return (settings.backend.value as Backend | undefined) ?? 'local'
}
