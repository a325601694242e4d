/**
 * The one place that builds clients. Commands only ever use the SDK's KMSClient (and
 * CloudTrailClient); the backend is nothing but client configuration:
 * - `aws`: region, profile and credentials from the standard provider chain, optional endpoint;
 * - `local`: the same KMSClient whose request handler calls the local engine in process.
 */
import {KMSClient} from '@aws-sdk/client-kms'
import {openEngine, type Clock, type Engine} from './local/engine/engine.js'
import {checkpoint} from './local/store.js'
import {ensureAdmin} from './local/engine/identity.js'
import {createProtocolHandler} from './local/handler.js'
import {InProcessRequestHandler} from './local/request-handler.js'
import {isServedRegion} from './local/regions.js'
import {defaultHome} from './paths.js'
import {checkEndpointUrl} from './settings.js'
import {ExitCode, KmsError, UsageError} from './errors.js'
import {credentialChain} from './credentials.js'

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
    if (options.region !== undefined && !isServedRegion(engine, options.region)) {
      throw new UsageError(`unknown AWS Region '${options.region}'`, {hint: 'the local KMS has the Regions AWS has, e.g. us-east-1 or eu-west-1: check --region, AWS_REGION and kms config'})
    }
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
    credentials: credentialChain(options.profile, options.profileSource),
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
