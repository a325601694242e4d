import {VerifyCommand, type MessageType, type SigningAlgorithmSpec} from '@aws-sdk/client-kms'
import {Args, Flags} from '@oclif/core'
import {BaseCommand} from '../base-command.js'
import {defaultAlgorithm, prepareMessage, readBytes, readNonEmpty} from '../lib/signing-input.js'

export default class Verify extends BaseCommand<typeof Verify> {
  static override summary = 'Verify a signature made by `kms sign` (or any signer holding the key).'
  static override description = 'Exits 0 when the signature is valid; a bad signature is KMSInvalidSignatureException, exit code 6.'
  static override examples = ['<%= config.bin %> verify alias/signer release.tar.gz --signature release.sig']
  static override args = {
    key: Args.string({required: true, description: 'key ID, key ARN, alias/NAME or alias ARN'}),
    file: Args.string({default: '-', description: 'message file, or - for stdin'}),
  }
  static override flags = {
    signature: Flags.string({char: 's', required: true, summary: 'file with the binary signature'}),
    algorithm: Flags.string({char: 'a', summary: 'SigningAlgorithm (default: the first the key lists)'}),
    'message-type': Flags.string({options: ['RAW', 'DIGEST'], summary: 'DIGEST: the input is already the hash'}),
  }

  async run(): Promise<{KeyId: string; SignatureValid: boolean; SigningAlgorithm: string}> {
    const algorithm = this.flags.algorithm ?? await defaultAlgorithm(this.kms, this.args.key, 'SigningAlgorithms')
    const {Message, MessageType} = prepareMessage(readBytes(this.args.file, 'message'), algorithm, this.flags['message-type'] as MessageType)
    const out = await this.kms.send(new VerifyCommand({KeyId: this.args.key, Message, MessageType, SigningAlgorithm: algorithm as SigningAlgorithmSpec,
      Signature: readNonEmpty(this.flags.signature, 'signature')}))
    this.log(`Signature valid (${out.SigningAlgorithm}, ${out.KeyId})`)
    return {KeyId: out.KeyId!, SignatureValid: out.SignatureValid!, SigningAlgorithm: out.SigningAlgorithm!}
  }
}
