/**
 * Every command's base: the global flags, the KMSClient for the chosen backend, and the one place
 * where errors become a one-line message, hints and a documented exit code.
 */
import {KMSClient, DescribeKeyCommand} from '@aws-sdk/client-kms'
import {Command, Flags, Interfaces} from '@oclif/core'
import {createKmsClient, type Backend} from './lib/clients.js'
import {describeError} from './lib/describe-error.js'
import {ExitCode, KmsError, UsageError} from './lib/errors.js'
import {backendOf, resolveSettings} from './lib/settings.js'
import {formatError} from './lib/ui/messages.js'

export type BaseFlags<T extends typeof Command> = Interfaces.InferredFlags<(typeof BaseCommand)['baseFlags'] & T['flags']>
export type BaseArgs<T extends typeof Command> = Interfaces.InferredArgs<T['args']>

export abstract class BaseCommand<T extends typeof Command> extends Command {
  static override enableJsonFlag = true

  static override baseFlags = {
    backend: Flags.string({options: ['local', 'aws'], helpGroup: 'GLOBAL', summary: 'local (default) or aws; env KMS_BACKEND'}),
    region: Flags.string({helpGroup: 'GLOBAL', summary: 'AWS Region; env AWS_REGION'}),
    profile: Flags.string({helpGroup: 'GLOBAL', summary: 'AWS profile for --backend aws; env AWS_PROFILE'}),
    'endpoint-url': Flags.string({helpGroup: 'GLOBAL', summary: 'KMS endpoint; env AWS_ENDPOINT_URL_KMS'}),
  }

  protected flags!: BaseFlags<T>
  protected args!: BaseArgs<T>
  /** All positional arguments, including those past the named ones (for commands with `strict = false`). */
  protected positional: string[] = []
  private client?: KMSClient
  private regionalClients = new Map<string, KMSClient>()

  override async init(): Promise<void> {
    await super.init()
    // Whatever fails while the command line is read (flag parsers, `exists` checks, custom parsers) is a usage error.
    const {flags, args, argv} = await this.parse({
      flags: this.ctor.flags,
      baseFlags: (super.ctor as typeof BaseCommand).baseFlags,
      enableJsonFlag: this.ctor.enableJsonFlag,
      // oclif fills a missing argument with what is piped to stdin (`printf data.txt | kms encrypt` encrypted data.txt, and
      // `printf msg | kms verify KEY -s SIG` verified the file named msg): stdin is data here, read only where `-` says so.
      args: Object.fromEntries(Object.entries(this.ctor.args ?? {}).map(([name, arg]) => [name, {...arg, ignoreStdin: true}])),
      strict: this.ctor.strict,
    }).catch((error: Error & {oclif?: {exit?: number}}) => {
      if (error instanceof KmsError || error.oclif?.exit === 0) throw error
      throw new UsageError(oneLine(error.message), {cause: error, hint: this.helpHint()})
    })
    this.flags = flags as BaseFlags<T>
    this.args = args as BaseArgs<T>
    this.positional = argv as string[]
  }

  /** Settings from flags, environment and config file. */
  protected get settings() {
    return resolveSettings({
      backend: this.flags.backend, region: this.flags.region, profile: this.flags.profile, 'endpoint-url': this.flags['endpoint-url'],
    })
  }

  protected get backend(): Backend {
    return backendOf(this.settings)
  }

  /** The KMSClient of the chosen backend, built on first use. */
  protected get kms(): KMSClient {
    if (!this.client) {
      const s = this.settings
      this.client = createKmsClient({backend: backendOf(s), region: s.region.value, profile: s.profile.value, profileSource: s.profile.source, endpointUrl: s['endpoint-url'].value})
    }
    return this.client
  }

  /** A KMSClient with the same backend and credentials for another Region (multi-Region keys, ARNs of other Regions). */
  protected kmsForRegion = (region: string): KMSClient => {
    const s = this.settings
    if (region === (s.region.value ?? (this.backend === 'local' ? 'us-east-1' : undefined))) return this.kms
    let client = this.regionalClients.get(region)
    if (!client) {
      client = createKmsClient({backend: backendOf(s), region, profile: s.profile.value, profileSource: s.profile.source, endpointUrl: s['endpoint-url'].value})
      this.regionalClients.set(region, client)
    }
    return client
  }

  /** Key ID or ARN for operations that AWS does not let take an alias: aliases are resolved with DescribeKey. */
  protected async resolveKeyId(identifier: string): Promise<string> {
    if (!identifier.startsWith('alias/') && !/^arn:[^:]+:kms:[^:]*:\d*:alias\//.test(identifier)) return identifier
    const {KeyMetadata} = await this.kms.send(new DescribeKeyCommand({KeyId: identifier}))
    return KeyMetadata!.KeyId!
  }

  private helpHint(): string {
    return `see: ${this.config.bin} ${this.id?.replaceAll(':', ' ') ?? ''} --help`.replace('  ', ' ')
  }

  protected override async catch(error: Error & {oclif?: {exit?: number}}): Promise<never> {
    if (error.oclif?.exit === 0 || (error as {code?: string}).code === 'EEXIT') throw error
    const known = isParseError(error)
      ? new UsageError(oneLine(error.message), {cause: error, hint: this.helpHint()})
      : describeError(error, {endpoint: this.flags?.['endpoint-url']})
    if (known.exitCode === ExitCode.BrokenPipe) {
      // Silent, like any tool in a pipeline whose reader went away.
    } else if (this.jsonEnabled()) {
      this.logJson({error: {name: known.name, message: known.message, hints: known.hints, exitCode: known.exitCode}})
    } else {
      process.stderr.write(formatError(known))
      if (process.env.KMS_DEBUG && known.cause instanceof Error) process.stderr.write(`${known.cause.stack}\n`)
    }
    throw Object.assign(new Error(known.message), {skipOclifErrorHandling: true, oclif: {exit: known.exitCode}})
  }
}

/** oclif's parse errors span lines ("Missing 1 required arg:\npath  description\nNote: …\nSee more help with --help"): one line. */
function oneLine(text: string): string {
  const parsing = /^Parsing (--\S+)\s*\n\s*(.+)/.exec(text)
  if (parsing) return `${parsing[1]}: ${parsing[2].charAt(0).toLowerCase()}${parsing[2].slice(1)}`
  const lines = text.replace(/^The following errors? occurred:\s*/, '').split('\n').map(l => l.trim())
  const end = lines.findIndex(l => /^(Note: |See more help with)/.test(l))
  return lines.slice(0, end === -1 ? undefined : end).filter(l => l !== '').join(' ').replace(/:\s+(\S+)\s{2,}(.*)$/, ': $1 ($2)')
}

function isParseError(error: Error & {oclif?: {exit?: number}}): boolean {
  return !(error instanceof KmsError) && (error.oclif?.exit === 2 || /Error$/.test(error.constructor.name) && 'parse' in error)
}

export {ExitCode}
