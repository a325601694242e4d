import {
  GenerateDataKeyCommand, GenerateDataKeyPairCommand, GenerateDataKeyPairWithoutPlaintextCommand, GenerateDataKeyWithoutPlaintextCommand,
  type DataKeyPairSpec, type DataKeySpec,
} from '@aws-sdk/client-kms'
import {Args, Flags} from '@oclif/core'
import {BaseCommand} from '../base-command.js'
import {parsePairs} from '../lib/pairs.js'
import {toBase64AndZero, type DataKeyResult} from '../lib/data-key.js'
import {renderFields} from '../lib/ui/table.js'

export default class DataKey extends BaseCommand<typeof DataKey> {
  static override summary = 'Generate a data key (or key pair) under a symmetric key, for scripts: plaintext and encrypted, base64.'
  static override description = 'The plaintext is printed on stdout: keep it out of logs, or use --no-plaintext and decrypt the blob when needed.'
  static override examples = [
    '<%= config.bin %> data-key alias/app --json',
    '<%= config.bin %> data-key alias/app --bytes 64 -c purpose=backup',
    '<%= config.bin %> data-key alias/app --pair ECC_NIST_P256 --no-plaintext --json',
  ]
  static override args = {key: Args.string({required: true, description: 'symmetric key: key ID, key ARN, alias/NAME or alias ARN'})}
  static override flags = {
    spec: Flags.string({options: ['AES_256', 'AES_128'], summary: 'data key spec (default AES_256)', exclusive: ['bytes', 'pair']}),
    bytes: Flags.integer({min: 1, max: 1024, summary: 'data key length in bytes instead of --spec', exclusive: ['pair']}),
    pair: Flags.string({options: ['RSA_2048', 'RSA_3072', 'RSA_4096', 'ECC_NIST_P256', 'ECC_NIST_P384', 'ECC_NIST_P521', 'ECC_SECG_P256K1',
      'ECC_NIST_EDWARDS25519'], summary: 'generate a key pair of this spec (GenerateDataKeyPair)'}),
    plaintext: Flags.boolean({default: true, allowNo: true, summary: 'include the plaintext key (--no-plaintext: only the encrypted one)'}),
    'encryption-context': Flags.string({char: 'c', multiple: true, summary: 'encryption context NAME=VALUE (repeatable)'}),
  }

  async run(): Promise<DataKeyResult> {
    const {pair, plaintext, bytes} = this.flags
    const common = {KeyId: this.args.key, EncryptionContext: contextOf(this.flags['encryption-context'])}
    let result: DataKeyResult
    if (pair) {
      const input = {...common, KeyPairSpec: pair as DataKeyPairSpec}
      const out = plaintext ? await this.kms.send(new GenerateDataKeyPairCommand(input)) : await this.kms.send(new GenerateDataKeyPairWithoutPlaintextCommand(input))
      result = {KeyId: out.KeyId!, KeyPairSpec: out.KeyPairSpec, PublicKey: Buffer.from(out.PublicKey!).toString('base64'),
        PrivateKeyCiphertextBlob: Buffer.from(out.PrivateKeyCiphertextBlob!).toString('base64'),
        PrivateKeyPlaintext: plaintextOf(out, 'PrivateKeyPlaintext'),
        KeyMaterialId: out.KeyMaterialId}
    } else {
      const input = {...common, ...(bytes === undefined ? {KeySpec: (this.flags.spec ?? 'AES_256') as DataKeySpec} : {NumberOfBytes: bytes})}
      const out = plaintext ? await this.kms.send(new GenerateDataKeyCommand(input)) : await this.kms.send(new GenerateDataKeyWithoutPlaintextCommand(input))
      result = {KeyId: out.KeyId!, CiphertextBlob: Buffer.from(out.CiphertextBlob!).toString('base64'),
        Plaintext: plaintextOf(out, 'Plaintext'), KeyMaterialId: out.KeyMaterialId}
    }
    this.log(renderFields(Object.entries(result)))
    return result
  }
}

const plaintextOf = (out: object, name: string) => {
  const bytes = (out as Record<string, Uint8Array | undefined>)[name]
  return bytes && toBase64AndZero(bytes)
}

const contextOf = (pairs?: string[]) => {
  const context = parsePairs(pairs, 'encryption context')
  return Object.keys(context).length > 0 ? context : undefined
}
