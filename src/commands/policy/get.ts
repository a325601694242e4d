import {GetKeyPolicyCommand} from '@aws-sdk/client-kms'
import {Args} from '@oclif/core'
import {BaseCommand} from '../../base-command.js'

export default class PolicyGet extends BaseCommand<typeof PolicyGet> {
  static override summary = 'Print a key\'s key policy.'
  static override args = {key: Args.string({required: true, description: 'key ID, key ARN, alias/NAME or alias ARN'})}

  /** `--json` gives GetKeyPolicy's shape, the policy as a string, as the AWS CLI does: `jq -r .Policy`. */
  async run(): Promise<{Policy: string; PolicyName: string}> {
    const {Policy} = await this.kms.send(new GetKeyPolicyCommand({KeyId: await this.resolveKeyId(this.args.key), PolicyName: 'default'}))
    this.log(Policy)
    return {Policy: Policy!, PolicyName: 'default'}
  }
}
