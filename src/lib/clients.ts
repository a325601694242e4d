/**
 * The one place that builds clients. Commands only ever use the SDK's KMSClient (and
 * CloudTrailClient); the backend is nothing but client configuration:
 * - `aws`: region, profile and credentials from the standard provider chain, optional endpoint;
 * - `local`: the same KMSClient whose request handler calls the local engine in process.
 */
import {KMSClient} from '@aws-sdk/client-kms'
import {accessSync, constants} from 'node:fs'
import {homedir} from 'node:os'
import {join} from 'node:path'
import type {AwsCredentialIdentityProvider} from '@smithy/types'
import {openEngine, type Clock, type Engine} from './local/engine/engine.js'
import {checkpoint} from './local/store.js'
import {ensureAdmin} from './local/engine/identity.js'
import {createProtocolHandler} from './local/handler.js'
import {InProcessRequestHandler} from './local/request-handler.js'
import {defaultHome} from './paths.js'
import {checkEndpointUrl} from './settings.js'
import {ExitCode, KmsError, UsageError, describeFsError} from './errors.js'
import {formatWarning} from './ui/messages.js'

export type Backend = 'local' | 'aws'
export const LOCAL_DEFAULT_REGION = 'us-east-1'

export interface ClientOptions {
  backend: Backend
  region?: string
  profile?: string
  /** Where the profile setting came from (`flag`, `AWS_PROFILE`, `config file`), for messages about it. */
  profileSource?: string
  endpointUrl?: string
  /** The local store; defaults to $KMS_HOME or the user's data directory. */
  home?: string
  /** For tests: the local engine's clock. */
  clock?: Clock
}

const engines = new Map<string, Engine>()

/** One engine per local home per process; an engine with its own clock (tests) is never shared. */
export function localEngine(home = defaultHome(), clock?: Clock): Engine {
  let engine = clock ? undefined : engines.get(home)
  if (!engine) {
    try {
      engine = openEngine({home, clock})
    } catch (error) {
      if (error instanceof KmsError) throw error
      throw new KmsError('LocalStoreError', `cannot open the local KMS store in ${home}: ${(error as Error).message}`, {
        exitCode: ExitCode.Usage, cause: error, hint: 'set KMS_HOME to a directory you can write, or fix its permissions'})
    }
    if (!clock) engines.set(home, engine)
  }
  return engine
}

/**
 * For a command whose KMS calls are done and whose bulk work (writing files) starts: the local
 * stores write out their log now, while the disk is idle, rather than at the exit (store.ts).
 */
export function settleLocalStores(): void {
  for (const engine of engines.values()) checkpoint(engine.db)
}

export function createKmsClient(options: ClientOptions): KMSClient {
  if (options.backend === 'local') {
    const engine = localEngine(options.home, options.clock)
    const {AccessKeyId, SecretAccessKey} = ensureAdmin(engine)
    return new KMSClient({
      region: options.region ?? LOCAL_DEFAULT_REGION,
      credentials: {accessKeyId: AccessKeyId, secretAccessKey: SecretAccessKey},
      requestHandler: new InProcessRequestHandler(createProtocolHandler(engine)),
      maxAttempts: 1,
    })
  }
  return new KMSClient({
    region: options.region,
    credentials: lazyProviderChain(options.profile, options.profileSource),
    ...(options.endpointUrl && {endpoint: checkEndpointUrl(options.endpointUrl)}),
    ...(options.profile && {profile: options.profile}),
    // An endpoint that takes the connection and never answers must not hang a script: each attempt gives up.
    requestHandler: {connectionTimeout: 10_000, requestTimeout: requestTimeoutMs(), throwOnRequestTimeout: true},
  })
}

/** KMS_TIMEOUT: seconds to wait for each KMS response (default 60, as the AWS CLI's read timeout). */
function requestTimeoutMs(): number {
  const value = process.env.KMS_TIMEOUT
  if (value === undefined || value === '') return 60_000
  const seconds = Number(value)
  // setTimeout holds at most 2^31 - 1 ms: larger values would fire at once.
  if (!(seconds > 0) || !Number.isFinite(seconds) || seconds > 2_147_483) {
    throw new UsageError(`KMS_TIMEOUT=${value} is not a number of seconds from 0.001 to 2147483`, {hint: 'e.g. KMS_TIMEOUT=30'})
  }
  return seconds * 1000
}

/**
 * The standard credential chain, loaded only when the AWS backend is used (it costs start-up
 * time). A profile that is named (--profile, AWS_PROFILE, the config file) is checked first: one
 * in neither AWS file, or a file that cannot be read, is said so; when the chain then fails, the
 * error is the profile's own (a failing credential_process, an expired SSO session), not the
 * chain's "Could not load credentials from any providers".
 */
function lazyProviderChain(profile?: string, source?: string): AwsCredentialIdentityProvider {
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
