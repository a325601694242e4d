import {SignCommand, type MessageType, type SigningAlgorithmSpec} from '@aws-sdk/client-kms'
import {Args, Flags} from '@oclif/core'
import {BaseCommand} from '../base-command.js'
import {jsonWithStdoutError} from '../flags.js'
import {stdoutOr} from '../lib/special-files.js'
import {defaultAlgorithm, prepareMessage, readBytes, writeBytes} from '../lib/signing-input.js'

export interface SignResult {
  KeyId: string
  SigningAlgorithm: string
  MessageType: string
  Signature: string
}

export default class Sign extends BaseCommand<typeof Sign> {
  static override summary = 'Sign a message (file or stdin) with an asymmetric SIGN_VERIFY key.'
  static override description = 'Messages over 4096 bytes are hashed locally and signed as a DIGEST; the signature is the same.'
  static override examples = [
    '<%= config.bin %> sign alias/signer release.tar.gz -o release.sig',
    'echo -n hello | <%= config.bin %> sign alias/signer --algorithm RSASSA_PSS_SHA_256',
  ]
  static override args = {
    key: Args.string({required: true, description: 'key ID, key ARN, alias/NAME or alias ARN'}),
    file: Args.string({default: '-', description: 'message file, or - for stdin'}),
  }
  static override flags = {
    algorithm: Flags.string({char: 'a', summary: 'SigningAlgorithm (default: the first the key lists)'}),
    'message-type': Flags.string({options: ['RAW', 'DIGEST'], summary: 'DIGEST: the input is already the hash'}),
    output: Flags.string({char: 'o', summary: 'write the binary signature here (default: base64 on stdout)', parse: async path => stdoutOr(path)}),
    force: Flags.boolean({summary: 'replace the -o file if it exists'}),
  }

  async run(): Promise<SignResult> {
    if (this.flags.output === '-' && this.jsonEnabled()) throw jsonWithStdoutError()
    const algorithm = this.flags.algorithm ?? await defaultAlgorithm(this.kms, this.args.key, 'SigningAlgorithms')
    const {Message, MessageType} = prepareMessage(readBytes(this.args.file, 'message'), algorithm, this.flags['message-type'] as MessageType)
    const out = await this.kms.send(new SignCommand({KeyId: this.args.key, Message, MessageType, SigningAlgorithm: algorithm as SigningAlgorithmSpec}))
    const signature = Buffer.from(out.Signature!)
    if (this.flags.output) writeBytes(this.flags.output, signature, {force: this.flags.force})
    else this.log(signature.toString('base64'))
    return {KeyId: out.KeyId!, SigningAlgorithm: out.SigningAlgorithm!, MessageType, Signature: signature.toString('base64')}
  }
}
