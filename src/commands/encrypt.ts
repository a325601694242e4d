import {Args, Flags} from '@oclif/core'
import {BaseCommand} from '../base-command.js'
import {settleLocalStores} from '../lib/clients.js'
import {chooseWrappingKeys} from '../lib/default-key.js'
import {encryptPath, type EncryptPathResult} from '../lib/encrypt-path.js'
import {DEFAULT_FRAME_LENGTH, type AlgorithmSuiteId} from '../lib/envelope/index.js'
import {UsageError} from '../lib/errors.js'
import {parsePairs} from '../lib/pairs.js'
import {countOf, formatWarning} from '../lib/ui/messages.js'
import {createProgress, formatBytes} from '../lib/ui/progress.js'
import {buildKeyrings} from '../lib/wrapping.js'
import {jsonWithStdoutError, keyFlags, outputFlags} from '../flags.js'

export default class Encrypt extends BaseCommand<typeof Encrypt> {
  static override summary = 'Encrypt a file, a directory or stdin into an AWS Encryption SDK message.'
  static override description = `A file becomes FILE.kms, a directory DIR.tar.kms (one message holding a tar archive), stdin goes to stdout.
Each key (-k, --raw-aes-key, --raw-rsa-key) can decrypt it on its own. Without one, the configured default key is used (kms config set key ...); on the local backend alias/default is created on first use.
The output is readable by aws-encryption-cli and every AWS Encryption SDK.`
  static override examples = [
    '<%= config.bin %> encrypt ./photos                       # → photos.tar.kms',
    '<%= config.bin %> encrypt report.pdf -k alias/app -c purpose=backup',
    'pg_dump db | <%= config.bin %> encrypt - -k alias/backup > db.kms',
  ]
  static override args = {path: Args.string({required: true, description: 'file, directory, or - for stdin'})}
  static override flags = {
    ...keyFlags,
    ...outputFlags,
    exclude: Flags.string({multiple: true, summary: 'directories: leave out paths matching this glob (also read from .kmsignore); repeatable'}),
    unsigned: Flags.boolean({summary: 'use suite 0x0478 (no ECDSA signature) instead of the default 0x0578', exclusive: ['algorithm']}),
    algorithm: Flags.string({options: ['0x0578', '0x0478'], summary: 'algorithm suite (default 0x0578: AES-256-GCM, HKDF-SHA512, key commitment, ECDSA P-384)'}),
    'frame-length': Flags.integer({min: 65_536, max: 16 * 1024 * 1024, default: DEFAULT_FRAME_LENGTH, summary: 'plaintext bytes per frame, 65536 (64 KiB) to 16777216 (16 MiB, the most kms decrypt accepts by default)'}),
  }

  async run(): Promise<EncryptPathResult> {
    const {flags} = this
    if (this.jsonEnabled() && (flags.output ?? (this.args.path === '-' ? '-' : undefined)) === '-') throw jsonWithStdoutError()
    if (this.args.path === '-' && flags.exclude) throw new UsageError('--exclude applies to directories, not stdin')
    const rawKeys = (flags['raw-aes-key']?.length ?? 0) + (flags['raw-rsa-key']?.length ?? 0)
    const kmsKeys = flags.key?.length || rawKeys === 0 ? await chooseWrappingKeys(this.kms, this.backend, flags.key, this.settings.key.value) : []
    const keyrings = buildKeyrings({kms: this.kms, clientForRegion: this.kmsForRegion, kmsKeys, rawAesKeys: flags['raw-aes-key'],
      rawRsaKeys: flags['raw-rsa-key'], rsaPadding: flags['rsa-padding']})
    const progress = await createProgress(`Encrypting ${this.args.path}`)
    try {
      const result = await encryptPath({
        input: this.args.path, output: flags.output, force: flags.force, keyrings, encryptionContext: parsePairs(flags.context, 'encryption context'),
        algorithmSuiteId: (flags.unsigned ? 0x0478 : flags.algorithm ? Number(flags.algorithm) : 0x0578) as AlgorithmSuiteId,
        frameLength: flags['frame-length'], stdoutIsTty: process.stdout.isTTY, allowTty: flags.output === '-', exclude: flags.exclude,
        onProgress: progress.update, onWarning: message => process.stderr.write(formatWarning(message)), onDataKey: settleLocalStores,
      })
      progress.stop()
      if (result.Output !== '-') {
        this.log(`${result.Output}  (${result.Files !== undefined ? `${countOf(result.Files, 'file')}, ` : ''}${formatBytes(result.BytesIn)} → ${formatBytes(result.BytesOut)}, ` +
          `${countOf(result.EncryptedDataKeys.length, 'key')})`)
      }
      return result
    } finally {
      progress.stop()
    }
  }
}
