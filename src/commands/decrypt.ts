import {Args, Flags} from '@oclif/core'
import {BaseCommand} from '../base-command.js'
import {settleLocalStores} from '../lib/clients.js'
import {decryptPath, listEncryptedArchive, type DecryptPathResult} from '../lib/decrypt-path.js'
import {LOCAL_DEFAULT_ALIAS} from '../lib/default-key.js'
import {COMMITMENT_POLICIES, type CommitmentPolicy} from '../lib/envelope/index.js'
import {INTEGRITY_MESSAGE, IntegrityError, UsageError} from '../lib/errors.js'
import {parsePairs} from '../lib/pairs.js'
import {renderArchiveList} from '../lib/ui/archive.js'
import {countOf} from '../lib/ui/messages.js'
import {createProgress, formatBytes} from '../lib/ui/progress.js'
import {buildKeyrings, checkKeysCanOpen, parseRawKeySpec, resolveKeyArns} from '../lib/wrapping.js'
import {jsonWithStdoutError, keyFlags, outputFlags} from '../flags.js'
import type {ArchiveEntry} from '../lib/archive/index.js'

export default class Decrypt extends BaseCommand<typeof Decrypt> {
  static override summary = 'Decrypt an AWS Encryption SDK message: a file, an archive (restored as a directory) or stdin.'
  static override description = `FILE.kms becomes FILE; DIR.tar.kms is extracted to DIR/ (safely: no paths outside it, nothing left behind on failure).
The output appears only after the whole message, signature included, verified. Keys: -k (repeatable), else the default key; raw keys with --raw-aes-key / --raw-rsa-key; --discovery lets the file name its KMS key, within the accounts given.
-c NAME=VALUE pairs must be in the message's encryption context.`
  static override examples = [
    '<%= config.bin %> decrypt photos.tar.kms                 # → ./photos/',
    '<%= config.bin %> decrypt report.pdf.kms -k alias/app -c purpose=backup',
    '<%= config.bin %> decrypt db.kms -o - | psql',
    '<%= config.bin %> decrypt photos.tar.kms --list',
  ]
  static override args = {path: Args.string({required: true, description: 'message file, or - for stdin'})}
  static override flags = {
    ...keyFlags,
    ...outputFlags,
    discovery: Flags.boolean({summary: 'decrypt with the KMS key the message names (only in --discovery-account accounts)', dependsOn: ['discovery-account']}),
    'discovery-account': Flags.string({multiple: true, summary: 'AWS account ID whose keys --discovery may use; repeatable'}),
    'commitment-policy': Flags.string({options: [...COMMITMENT_POLICIES], default: 'require-encrypt-require-decrypt', summary: 'accept messages without key commitment only when relaxed'}),
    'max-encrypted-data-keys': Flags.integer({min: 1, max: 65_535, default: 10, summary: 'refuse messages with more wrapped data keys'}),
    raw: Flags.boolean({summary: 'archives: write the plain tar instead of extracting', exclusive: ['list']}),
    list: Flags.boolean({char: 'l', summary: 'archives: list the entries (after verifying the whole message) instead of extracting'}),
  }

  async run(): Promise<DecryptPathResult | {Entries: ArchiveEntry[]}> {
    const {flags} = this
    if (flags.list && flags.output !== undefined) throw new UsageError('--list prints the entries and writes no output', {hint: 'leave out -o, or leave out --list to extract'})
    if (this.jsonEnabled() && !flags.list && (flags.output ?? (this.args.path === '-' ? '-' : undefined)) === '-') throw jsonWithStdoutError()
    for (const account of flags['discovery-account'] ?? []) {
      if (!/^\d{12}$/.test(account)) throw new UsageError(`--discovery-account ${account} is not an AWS account ID (12 digits)`)
    }
    const kmsKeyArns = await this.decryptionKeyArns()
    const others = (flags['raw-aes-key']?.length ?? 0) + (flags['raw-rsa-key']?.length ?? 0) > 0 || flags.discovery === true
    const given = {kmsKeyArns, discoveryAccounts: flags.discovery ? flags['discovery-account'] : undefined,
      rawKeys: [...(flags['raw-aes-key'] ?? []).map(spec => parseRawKeySpec(spec, '--raw-aes-key')), ...(flags['raw-rsa-key'] ?? []).map(spec => parseRawKeySpec(spec, '--raw-rsa-key'))]
        .map(key => `${key.namespace}/${key.name}`)}
    if (kmsKeyArns.length === 0 && !others && this.backend === 'aws') {
      // As encrypt says: on AWS there is no default key to fall back on.
      throw new UsageError('no key given to decrypt with', {hint: [`name the key it was encrypted under: -k KEY (kms inspect ${this.args.path} lists them)`,
        'or set a default: kms config set key alias/NAME, or let the file name its key: --discovery --discovery-account ACCOUNT']})
    }
    const keyrings = buildKeyrings({kms: this.kms, clientForRegion: this.kmsForRegion, kmsKeys: kmsKeyArns, rawAesKeys: flags['raw-aes-key'],
      rawRsaKeys: flags['raw-rsa-key'], rsaPadding: flags['rsa-padding'],
      discovery: flags.discovery ? {accountIds: flags['discovery-account']!, region: await this.kms.config.region()} : undefined})
    const options = {
      input: this.args.path, output: flags.output, force: flags.force, keyrings, encryptionContext: parsePairs(flags.context, 'encryption context'),
      commitmentPolicy: flags['commitment-policy'] as CommitmentPolicy, maxEncryptedDataKeys: flags['max-encrypted-data-keys'], raw: flags.raw,
      stdoutIsTty: process.stdout.isTTY, allowTty: flags.output === '-', onDataKey: settleLocalStores,
      onHeader: (info: Parameters<typeof checkKeysCanOpen>[1]) => checkKeysCanOpen(this.args.path, info, given),
    }
    if (flags.list) {
      const Entries = await listEncryptedArchive(options)
      this.log(renderArchiveList(Entries))
      return {Entries}
    }
    const progress = await createProgress(`Decrypting ${this.args.path}`)
    try {
      const result = await decryptPath({...options, onProgress: progress.update})
      progress.stop()
      if (result.Output !== '-') this.log(`${result.Output}${result.Files === undefined ? '' : '/'}  (${result.Files !== undefined ? `${countOf(result.Files, 'file')}, ` : ''}${formatBytes(result.BytesOut)})`)
      return result
    } finally {
      progress.stop()
    }
  }

  /** Every integrity failure names the input (and still never says which check failed). */
  protected override async catch(error: Error & {oclif?: {exit?: number}}): Promise<never> {
    const named = error instanceof IntegrityError && error.message === INTEGRITY_MESSAGE
      ? new IntegrityError({input: this.args.path === '-' ? 'stdin' : this.args.path, hint: error.hints, cause: error})
      : error
    return super.catch(named)
  }

  /** -k keys as ARNs; else the configured default key; else, on the local backend, alias/default if it exists. */
  private async decryptionKeyArns(): Promise<string[]> {
    const given = this.flags.key ?? (this.settings.key.value ? [this.settings.key.value] : [])
    if (given.length > 0) return resolveKeyArns(this.kms, given, this.kmsForRegion)
    if (this.backend !== 'local' || this.flags['raw-aes-key'] || this.flags['raw-rsa-key'] || this.flags.discovery) return []
    return resolveKeyArns(this.kms, [LOCAL_DEFAULT_ALIAS]).catch(() => [])
  }
}
