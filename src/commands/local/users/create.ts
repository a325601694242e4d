import {Args} from '@oclif/core'
import {BaseCommand} from '../../../base-command.js'
import {localEngine} from '../../../lib/clients.js'
import {createUser} from '../../../lib/local/engine/identity.js'

export default class LocalUsersCreate extends BaseCommand<typeof LocalUsersCreate> {
  static override summary = 'Add a principal to the local account, with its own access key.'
  static override args = {name: Args.string({required: true, description: 'user name'})}

  async run(): Promise<{UserName: string; Arn: string; AccessKeyId: string; SecretAccessKey: string}> {
    const user = createUser(localEngine(), this.args.name)
    // stdout is for eval "$(kms local users create NAME)"; what was done goes to stderr.
    if (!this.jsonEnabled()) process.stderr.write(`Created ${user.Arn}\n`)
    this.log([`export AWS_ACCESS_KEY_ID=${user.AccessKeyId}`, `export AWS_SECRET_ACCESS_KEY=${user.SecretAccessKey}`, 'unset AWS_SESSION_TOKEN'].join('\n'))
    return {UserName: this.args.name, ...user}
  }
}
