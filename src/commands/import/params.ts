import {GetParametersForImportCommand, type AlgorithmSpec, type WrappingKeySpec} from '@aws-sdk/client-kms'
import {Args, Flags} from '@oclif/core'
import {mkdirSync} from 'node:fs'
import {join} from 'node:path'
import {BaseCommand} from '../../base-command.js'
import {UsageError, describeFsError} from '../../lib/errors.js'
import {WRAPPING_ALGORITHMS, WRAPPING_KEY_SPECS} from '../../lib/import-material.js'
import {writeBytes} from '../../lib/signing-input.js'

export default class ImportParams extends BaseCommand<typeof ImportParams> {
  static override summary = 'Get a wrapping public key and an import token (valid 24 hours), to wrap key material yourself.'
  static override description = 'Writes PublicKey.bin (DER) and ImportToken.bin, the files the AWS guide\'s OpenSSL steps use; `kms import material` does all steps for you.'
  static override examples = ['<%= config.bin %> import params alias/byok --wrapping-algorithm RSAES_OAEP_SHA_256 -o ./import']
  static override args = {key: Args.string({required: true, description: 'key ID, key ARN, alias/NAME or alias ARN of an EXTERNAL key'})}
  static override flags = {
    'wrapping-algorithm': Flags.string({options: WRAPPING_ALGORITHMS, default: WRAPPING_ALGORITHMS[0], summary: 'WrappingAlgorithm'}),
    'wrapping-key-spec': Flags.string({options: WRAPPING_KEY_SPECS, default: WRAPPING_KEY_SPECS[0], summary: 'WrappingKeySpec'}),
    output: Flags.string({char: 'o', default: '.', summary: 'directory for PublicKey.bin and ImportToken.bin (made if missing; files there are replaced)'}),
  }

  async run(): Promise<{KeyId: string; PublicKey: string; ImportToken: string; ParametersValidTo: Date}> {
    const out = await this.kms.send(new GetParametersForImportCommand({KeyId: await this.resolveKeyId(this.args.key),
      WrappingAlgorithm: this.flags['wrapping-algorithm'] as AlgorithmSpec, WrappingKeySpec: this.flags['wrapping-key-spec'] as WrappingKeySpec}))
    try {
      mkdirSync(this.flags.output, {recursive: true, mode: 0o700})
    } catch (error) {
      if ((error as NodeJS.ErrnoException).code === 'EEXIST') throw new UsageError(`-o ${this.flags.output} is not a directory`, {hint: 'name a directory for PublicKey.bin and ImportToken.bin'})
      throw describeFsError('create the directory', this.flags.output, error)
    }
    writeBytes(join(this.flags.output, 'PublicKey.bin'), out.PublicKey!, {force: true})
    writeBytes(join(this.flags.output, 'ImportToken.bin'), out.ImportToken!, {mode: 0o600, force: true})
    this.log(`PublicKey.bin and ImportToken.bin written to ${this.flags.output}; valid to ${out.ParametersValidTo!.toISOString()}`)
    return {KeyId: out.KeyId!, PublicKey: Buffer.from(out.PublicKey!).toString('base64'), ImportToken: Buffer.from(out.ImportToken!).toString('base64'),
      ParametersValidTo: out.ParametersValidTo!}
  }
}
