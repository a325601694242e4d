import {BaseCommand} from '../../base-command.js'
import {localCredentials, type LocalCredentials} from '../../lib/local-admin.js'

export default class LocalCredentials_ extends BaseCommand<typeof LocalCredentials_> {
  static override summary = 'Print the local admin\'s access key, for the AWS CLI and other SDK clients.'
  static override examples = [
    '<%= config.bin %> local credentials --json',
    'eval "$(<%= config.bin %> local credentials)"   # exports AWS_ACCESS_KEY_ID, AWS_SECRET_ACCESS_KEY, AWS_REGION (and AWS_DEFAULT_REGION, for AWS CLI v1); unsets AWS_SESSION_TOKEN',
  ]

  async run(): Promise<LocalCredentials> {
    const creds = localCredentials(this.flags.region)
    // A session token left in the shell (SSO, an assumed role) would go with these long-term keys, and the local KMS refuses it as AWS would.
    this.log([`export AWS_ACCESS_KEY_ID=${creds.AccessKeyId}`, `export AWS_SECRET_ACCESS_KEY=${creds.SecretAccessKey}`,
      `export AWS_REGION=${creds.Region}`, `export AWS_DEFAULT_REGION=${creds.Region}`, 'unset AWS_SESSION_TOKEN'].join('\n'))
    return creds
  }
}
