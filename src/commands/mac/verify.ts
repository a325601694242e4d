import {VerifyMacCommand, type MacAlgorithmSpec} from '@aws-sdk/client-kms'
import {Args, Flags} from '@oclif/core'
import {BaseCommand} from '../../base-command.js'
import {checkWholeMessage, defaultAlgorithm, readBytes, readNonEmpty} from '../../lib/signing-input.js'

export default class MacVerify extends BaseCommand<typeof MacVerify> {
  static override summary = 'Check an HMAC made by `kms mac generate`; a wrong MAC is KMSInvalidMacException, exit code 6.'
  static override examples = ['<%= config.bin %> mac verify alias/hmac token.txt --mac token.mac']
  static override args = {
    key: Args.string({required: true, description: 'key ID, key ARN, alias/NAME or alias ARN'}),
    file: Args.string({default: '-', description: 'message file, or - for stdin'}),
  }
  static override flags = {
    mac: Flags.string({char: 'm', required: true, summary: 'file with the binary MAC'}),
    algorithm: Flags.string({char: 'a', summary: 'MacAlgorithm (default: the key\'s)'}),
  }

  async run(): Promise<{KeyId: string; MacValid: boolean; MacAlgorithm: string}> {
    const algorithm = this.flags.algorithm ?? await defaultAlgorithm(this.kms, this.args.key, 'MacAlgorithms')
    const out = await this.kms.send(new VerifyMacCommand({KeyId: this.args.key, Message: checkWholeMessage(readBytes(this.args.file, 'message'), this.args.file),
      MacAlgorithm: algorithm as MacAlgorithmSpec, Mac: readNonEmpty(this.flags.mac, 'MAC')}))
    this.log(`MAC valid (${out.MacAlgorithm}, ${out.KeyId})`)
    return {KeyId: out.KeyId!, MacValid: out.MacValid!, MacAlgorithm: out.MacAlgorithm!}
  }
}
