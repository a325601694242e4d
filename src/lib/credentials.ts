/**
 * Credentials for the aws backend: the SDK's standard chain (@aws-sdk/credential-providers,
 * loaded only when used: it costs start-up time), with what a CLI user needs around it: a named
 * profile that does not exist, or whose credentials fail, is said so in one line, and the SDK's
 * console warnings become one line each.
 */
import {accessSync, constants} from 'node:fs'
import {homedir} from 'node:os'
import {join} from 'node:path'
import type {AwsCredentialIdentityProvider} from '@smithy/types'
import {ExitCode, KmsError, describeFsError} from './errors.js'
import {formatWarning} from './ui/messages.js'

/**
 * The standard credential chain, loaded only when the AWS backend is used (it costs start-up
 * time). A profile that is named (--profile, AWS_PROFILE, the config file) is checked first: one
 * in neither AWS file, or a file that cannot be read, is said so; when the chain then fails, the
 * error is the profile's own (a failing credential_process, an expired SSO session), not the
 * chain's "Could not load credentials from any providers".
 */
export function credentialChain(profile?: string, source?: string): AwsCredentialIdentityProvider {
  let provider: AwsCredentialIdentityProvider | undefined
  const named = profile ?? (process.env.AWS_PROFILE || undefined)
  return async identityProperties => {
    if (!provider) {
      if (named !== undefined) await checkProfile(named, source)
      provider = (await import('@aws-sdk/credential-providers')).fromNodeProviderChain({profile, logger: credentialLogger(profile, source)})
    }
    try {
      return await provider(identityProperties)
    } catch (error) {
      throw named === undefined ? error : await profileError(named, error)
    }
  }
}

async function checkProfile(name: string, source?: string): Promise<void> {
  // As the SDK reads them: an empty variable means the default file.
  const named = [process.env.AWS_CONFIG_FILE || '~/.aws/config', process.env.AWS_SHARED_CREDENTIALS_FILE || '~/.aws/credentials']
  for (const file of named.map(path => path.startsWith('~/') ? join(homedir(), path.slice(2)) : path)) {
    try {
      accessSync(file, constants.R_OK)
    } catch (error) {
      if ((error as NodeJS.ErrnoException).code !== 'ENOENT') throw describeFsError('read', file, error)
    }
  }
  const {parseKnownFiles} = await import('@smithy/core/config')
  const profiles = await parseKnownFiles({}).catch(() => ({} as Record<string, unknown>))
  if (Object.hasOwn(profiles, name)) return
  throw new KmsError('ProfileNotFound', `the AWS profile ${name}${source ? ` (from ${sourceName(source)})` : ''} is not in ${named.join(' or ')}`, {
    exitCode: ExitCode.Usage, hint: [`set it up with: aws configure --profile ${name}`, 'or list those there are: aws configure list-profiles']})
}

/** The named profile's own failure, asked of the profile alone. */
async function profileError(name: string, chainError: unknown): Promise<unknown> {
  try {
    await (await import('@aws-sdk/credential-providers')).fromIni({profile: name})()
    return chainError
  } catch (error) {
    const reason = String((error as Error).message ?? error).trim().split('\n')[0]
    return new KmsError('CredentialsProviderError', `no AWS credentials from the profile ${name}: ${reason}`, {exitCode: ExitCode.AccessDenied, cause: error,
      hint: `check the profile's settings (aws configure list --profile ${name}), or use another one`})
  }
}

function sourceName(source: string): string {
  return source === 'flag' ? '--profile' : source === 'config file' ? 'kms config' : source
}

/** How to stop using the profile setting, by where it came from. */
function dropProfile(source?: string): string {
  if (source === 'flag') return process.env.AWS_PROFILE ? 'leave out --profile and unset AWS_PROFILE' : 'leave out --profile'
  if (source === 'config file') return 'kms config unset profile'
  return 'unset AWS_PROFILE'
}

/**
 * The chain's logger: debug output is dropped, and its one warning (a profile and the key
 * variables both set: an 8-line text on the console by default) becomes one line.
 */
function credentialLogger(profile?: string, source?: string) {
  const ignore = () => {}
  return {
    trace: ignore, debug: ignore, info: ignore, error: ignore,
    warn(message: string) {
      const line = message.includes('Multiple credential sources')
        ? `AWS_ACCESS_KEY_ID and AWS_SECRET_ACCESS_KEY are not used: the profile ${profile ?? process.env.AWS_PROFILE} is (${dropProfile(profile === undefined ? 'AWS_PROFILE' : source)} to use them)`
        : message.trim().split('\n')[0]
      process.stderr.write(formatWarning(line))
    },
  }
}
