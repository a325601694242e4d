import {GenerateMacCommand, type MacAlgorithmSpec} from '@aws-sdk/client-kms'
import {Args, Flags} from '@oclif/core'
import {BaseCommand} from '../../base-command.js'
import {jsonWithStdoutError} from '../../flags.js'
import {stdoutOr} from '../../lib/special-files.js'
import {checkWholeMessage, defaultAlgorithm, readBytes, writeBytes} from '../../lib/signing-input.js'

export default class MacGenerate extends BaseCommand<typeof MacGenerate> {
  static override summary = 'Compute an HMAC of a message (file or stdin, at most 4096 bytes) with an HMAC key.'
  static override examples = ['<%= config.bin %> mac generate alias/hmac token.txt -o token.mac']
  static override args = {
    key: Args.string({required: true, description: 'key ID, key ARN, alias/NAME or alias ARN'}),
    file: Args.string({default: '-', description: 'message file, or - for stdin'}),
  }
  static override flags = {
    algorithm: Flags.string({char: 'a', summary: 'MacAlgorithm (default: the key\'s)'}),
    output: Flags.string({char: 'o', summary: 'write the binary MAC here (default: base64 on stdout)', parse: async path => stdoutOr(path)}),
    force: Flags.boolean({summary: 'replace the -o file if it exists'}),
  }

  async run(): Promise<{KeyId: string; MacAlgorithm: string; Mac: string}> {
    if (this.flags.output === '-' && this.jsonEnabled()) throw jsonWithStdoutError()
    const algorithm = this.flags.algorithm ?? await defaultAlgorithm(this.kms, this.args.key, 'MacAlgorithms')
    const out = await this.kms.send(new GenerateMacCommand({KeyId: this.args.key, Message: checkWholeMessage(readBytes(this.args.file, 'message'), this.args.file),
      MacAlgorithm: algorithm as MacAlgorithmSpec}))
    const mac = Buffer.from(out.Mac!)
    if (this.flags.output) writeBytes(this.flags.output, mac, {force: this.flags.force})
    else this.log(mac.toString('base64'))
    return {KeyId: out.KeyId!, MacAlgorithm: out.MacAlgorithm!, Mac: mac.toString('base64')}
  }
}
