import {GenerateRandomCommand} from '@aws-sdk/client-kms'
import {Args, Flags} from '@oclif/core'
import {BaseCommand} from '../base-command.js'
import {UsageError} from '../lib/errors.js'
import {writeBytes} from '../lib/signing-input.js'
import {jsonWithStdoutError} from '../flags.js'
import {outputKind, stdoutOr} from '../lib/special-files.js'

export default class Random extends BaseCommand<typeof Random> {
  static override summary = 'Random bytes from KMS (GenerateRandom): base64 on stdout, or raw into a new 0600 file.'
  static override args = {
    bytes: Args.integer({required: true, description: 'how many bytes (1–1024)', parse: async input => {
      const bytes = Number(input)
      if (!/^\d+$/.test(input) || bytes < 1 || bytes > 1024) throw new UsageError(`BYTES must be a whole number from 1 to 1024, not '${input}'`, {hint: 'see: kms random --help'})
      return bytes
    }}),
  }
  static override flags = {
    output: Flags.string({char: 'o', summary: 'write the raw bytes to this new file (mode 0600), e.g. a raw AES key; - for stdout', parse: async path => stdoutOr(path)}),
    force: Flags.boolean({char: 'f', summary: 'replace an existing output file'}),
  }
  static override examples = ['<%= config.bin %> random 32 -o offline.key   # a key for --raw-aes-key backup/offline=offline.key']

  async run(): Promise<{Plaintext?: string; File?: string; Bytes: number}> {
    if (this.flags.output === '-' && this.jsonEnabled()) throw jsonWithStdoutError()
    const {Plaintext} = await this.kms.send(new GenerateRandomCommand({NumberOfBytes: this.args.bytes}))
    const bytes = Buffer.from(Plaintext!)
    try {
      if (this.flags.output) {
        writeBytes(this.flags.output, bytes, {mode: 0o600, force: this.flags.force})
        if (this.flags.output !== '-') this.log(`${this.args.bytes} random bytes written to ${this.flags.output}${outputKind(this.flags.output) === 'file' ? ' (mode 0600)' : ''}`)
        return {File: this.flags.output, Bytes: this.args.bytes}
      }
      const text = bytes.toString('base64')
      this.log(text)
      return {Plaintext: text, Bytes: this.args.bytes}
    } finally {
      bytes.fill(0)
      Plaintext!.fill(0)
    }
  }
}
