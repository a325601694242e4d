import {PutKeyPolicyCommand} from '@aws-sdk/client-kms'
import {Args, Flags} from '@oclif/core'
import {readFileSync} from 'node:fs'
import {BaseCommand} from '../../base-command.js'
import {UsageError} from '../../lib/errors.js'
import {validatePolicy} from '../../lib/policy/validate.js'

export default class PolicyPut extends BaseCommand<typeof PolicyPut> {
  static override summary = 'Replace a key\'s key policy with the JSON in a file (or - for stdin).'
  static override args = {
    key: Args.string({required: true, description: 'key ID, key ARN, alias/NAME or alias ARN'}),
    file: Args.string({required: true, description: 'policy JSON file, or - for stdin'}),
  }
  static override flags = {
    'bypass-policy-lockout-safety-check': Flags.boolean({summary: 'allow a policy that locks out the caller (AWS refuses by default)'}),
  }

  async run(): Promise<{KeyId: string}> {
    const text = readFileSync(this.args.file === '-' ? 0 : this.args.file, 'utf8')
    const problems = validatePolicy(text)
    if (problems.length > 0) throw new UsageError(`${this.args.file === '-' ? 'stdin' : this.args.file}: ${problems[0]}`, {hint: problems.length > 1 ? `and ${problems.length - 1} more problem(s): kms policy validate ${this.args.file}` : undefined})
    const KeyId = await this.resolveKeyId(this.args.key)
    await this.kms.send(new PutKeyPolicyCommand({KeyId, PolicyName: 'default', Policy: text,
      BypassPolicyLockoutSafetyCheck: this.flags['bypass-policy-lockout-safety-check'] || undefined}))
    this.log(`Key policy of ${KeyId} replaced`)
    return {KeyId}
  }
}
