import {Args} from '@oclif/core'
import {BaseCommand} from '../base-command.js'
import {readMessageHeader} from '../lib/decrypt-path.js'
import {inspectMessage, type MessageInfo} from '../lib/envelope/index.js'
import {renderMessageInfo} from '../lib/ui/message.js'

export default class Inspect extends BaseCommand<typeof Inspect> {
  static override summary = 'Show what an encrypted file says about itself, without any key or KMS call.'
  static override description = 'Algorithm suite, message ID, encryption context, each wrapped data key (KMS key ARN or raw key name), frame length, signature, sizes. The header is not authenticated without the key.'
  static override args = {path: Args.string({required: true, description: 'message file, or - for stdin'})}

  async run(): Promise<MessageInfo> {
    const info = this.args.path === '-' ? await inspectMessage(process.stdin) : await readMessageHeader(this.args.path)
    this.log(renderMessageInfo(info))
    return info
  }
}
