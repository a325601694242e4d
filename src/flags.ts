/** Flags shared by the commands that encrypt and decrypt, named as the AWS CLI and aws-encryption-cli name them. */
import {Flags} from '@oclif/core'
import {UsageError} from './lib/errors.js'
import {stdoutOr} from './lib/special-files.js'

export const keyFlags = {
  key: Flags.string({char: 'k', multiple: true, summary: 'KMS key (key ID, ARN, alias/NAME, alias ARN); repeatable'}),
  context: Flags.string({char: 'c', multiple: true, summary: 'encryption context pair NAME=VALUE; repeatable'}),
  'raw-aes-key': Flags.string({multiple: true, summary: 'raw AES key NAMESPACE/NAME=FILE (16/24/32 bytes, raw or base64); repeatable'}),
  'raw-rsa-key': Flags.string({multiple: true, summary: 'raw RSA key NAMESPACE/NAME=FILE (PEM); repeatable'}),
  'rsa-padding': Flags.string({default: 'oaep-sha256', options: ['oaep-sha1', 'oaep-sha256', 'oaep-sha384', 'oaep-sha512', 'pkcs1'], summary: 'padding of --raw-rsa-key'}),
}

export const outputFlags = {
  output: Flags.string({char: 'o', summary: 'output path, or - for stdout', parse: async path => stdoutOr(path)}),
  force: Flags.boolean({char: 'f', summary: 'replace an existing output'}),
}

/** --json writes to stdout; refused when stdout carries the data (`-o -`, or stdin in and no -o). */
export function jsonWithStdoutError(): UsageError {
  return new UsageError('--json prints to stdout, which carries the output here', {hint: 'write the output to a file with -o FILE, or leave out --json'})
}
