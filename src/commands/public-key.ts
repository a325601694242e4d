import {GetPublicKeyCommand, type GetPublicKeyCommandOutput} from '@aws-sdk/client-kms'
import {Args, Flags} from '@oclif/core'
import {createPublicKey} from 'node:crypto'
import {BaseCommand} from '../base-command.js'
import {jsonWithStdoutError} from '../flags.js'
import {stdoutOr} from '../lib/special-files.js'
import {writeBytes} from '../lib/signing-input.js'

export default class PublicKey extends BaseCommand<typeof PublicKey> {
  static override summary = 'Print or save the public key of an asymmetric key (PEM, or DER with --der).'
  static override examples = [
    '<%= config.bin %> public-key alias/signer -o signer.pem',
    'openssl dgst -sha256 -verify signer.pem -signature release.sig release.tar.gz',
  ]
  static override args = {key: Args.string({required: true, description: 'key ID, key ARN, alias/NAME or alias ARN'})}
  static override flags = {
    output: Flags.string({char: 'o', summary: 'write the key to this file (default: stdout)', parse: async path => stdoutOr(path)}),
    der: Flags.boolean({summary: 'DER SubjectPublicKeyInfo instead of PEM'}),
    force: Flags.boolean({summary: 'replace the -o file if it exists'}),
  }

  /** --json prints GetPublicKey's shape, as the AWS CLI does: PublicKey is base64 DER. */
  async run(): Promise<Omit<GetPublicKeyCommandOutput, '$metadata' | 'PublicKey'> & {PublicKey: string}> {
    if (this.flags.output === '-' && this.jsonEnabled()) throw jsonWithStdoutError()
    const out = await this.kms.send(new GetPublicKeyCommand({KeyId: this.args.key}))
    const der = Buffer.from(out.PublicKey!)
    const pem = createPublicKey({key: der, format: 'der', type: 'spki'}).export({format: 'pem', type: 'spki'}) as string
    if (this.flags.output) writeBytes(this.flags.output, this.flags.der ? der : Buffer.from(pem), {force: this.flags.force})
    else if (this.flags.der && !this.jsonEnabled()) writeBytes('-', der)
    else this.log(pem.trimEnd())
    if (this.flags.output && this.flags.output !== '-' && !this.jsonEnabled()) process.stderr.write(`Public key of ${out.KeyId} (${out.KeySpec}) written to ${this.flags.output}\n`)
    const {$metadata: _, ...shape} = out
    return {...shape, PublicKey: der.toString('base64')}
  }
}
