/**
 * The real AWS CLI v2 (Debian's awscli, /usr/bin/aws) against `kms local serve`: the shared
 * conformance smoke script, then the project's own scenarios.
 */
import {existsSync} from 'node:fs'
import {join} from 'node:path'
import {beforeAll, describe, expect, it} from 'vitest'
import {BIN} from '../helpers/cli.js'
import {run} from '../helpers/run.js'
import {startTestServer} from '../helpers/server.js'
import {sharedDir} from '../helpers/temp.js'

const AWS = '/usr/bin/aws'

// Each AWS CLI v2 run costs about a second of Python start-up; the smoke script makes ~50 of them.
describe('the AWS CLI v2 against kms local serve', {timeout: 300_000}, () => {
  let server: Awaited<ReturnType<typeof startTestServer>>
  let env: NodeJS.ProcessEnv

  beforeAll(async () => {
    if (!existsSync(AWS)) throw new Error(`${AWS} is missing: install Debian's awscli package (apt-get install awscli); .ci/run does`)
    server = await startTestServer()
    env = {PATH: process.env.PATH, HOME: server.home, AWS_ACCESS_KEY_ID: server.credentials.AccessKeyId,
      AWS_SECRET_ACCESS_KEY: server.credentials.SecretAccessKey, AWS_REGION: 'us-east-1', AWS_CONFIG_FILE: '/dev/null',
      AWS_SHARED_CREDENTIALS_FILE: '/dev/null', AWS_PAGER: '', AWS_EC2_METADATA_DISABLED: 'true', KMS_ENDPOINT: server.url}
  })

  const aws = (...args: string[]) => run(AWS, ['kms', '--endpoint-url', server.url, '--output', 'json', ...args], {env})

  it('passes the shared conformance smoke script (../shared/conformance/aws-cli-smoke.sh)', async () => {
    const result = await run('bash', [join(sharedDir, 'conformance', 'aws-cli-smoke.sh')], {env})
    expect(result.stdout + result.stderr).toMatch(/^\d+ passed, 0 failed$/m)
    expect(result.code).toBe(0)
  })

  it('takes a user made by kms local users create, whose stdout a shell can eval (what was done goes to stderr)', async () => {
    const cli = `${JSON.stringify(process.execPath)} ${JSON.stringify(BIN)}`
    const script = `set -e; eval "$(${cli} local users create frank)"; ${AWS} kms list-keys --endpoint-url ${server.url} --output json > /dev/null; echo "$AWS_ACCESS_KEY_ID"`
    const result = await run('bash', ['-c', script], {env: {...env, KMS_HOME: server.home, KMS_BACKEND: 'local'}})
    expect([result.code, result.stderr]).toEqual([0, expect.stringMatching(/^Created arn:aws:iam::\d{12}:user\/frank\n$/)])
    const accessKeyId = result.stdout.trim()
    expect(accessKeyId).not.toBe(server.credentials.AccessKeyId)
    const users = JSON.parse((await run(process.execPath, [BIN, 'local', 'users', 'list', '--json'], {env: {...env, KMS_HOME: server.home}})).stdout).Users
    expect(users.find((u: {UserName: string}) => u.UserName === 'frank').AccessKeyIds).toEqual([accessKeyId])
  })

  it('pages list-keys and list-aliases across several pages with --page-size', async () => {
    for (let i = 0; i < 5; i++) {
      const key = JSON.parse((await aws('create-key', '--description', `page ${i}`)).stdout).KeyMetadata.KeyId
      expect((await aws('create-alias', '--alias-name', `alias/cli-page-${i}`, '--target-key-id', key)).code).toBe(0)
    }
    const keys = JSON.parse((await aws('list-keys', '--page-size', '2')).stdout).Keys
    expect(keys.length).toBeGreaterThanOrEqual(5)
    const aliases = JSON.parse((await aws('list-aliases', '--page-size', '2')).stdout).Aliases
    expect(aliases.filter((a: {AliasName: string}) => a.AliasName.startsWith('alias/cli-page-'))).toHaveLength(5)
    const firstPage = JSON.parse((await aws('list-keys', '--max-items', '2')).stdout)
    expect(firstPage.Keys).toHaveLength(2)
    expect(firstPage.NextToken).toBeTruthy()
  })

  it('drives every implemented management operation with AWS-shaped output', async () => {
    const key = JSON.parse((await aws('create-key', '--description', 'cli', '--tags', 'TagKey=a,TagValue=b')).stdout).KeyMetadata
    expect(key).toMatchObject({KeyState: 'Enabled', KeySpec: 'SYMMETRIC_DEFAULT', Description: 'cli'})
    expect(typeof key.CreationDate).toBe('string')
    expect((await aws('update-key-description', '--key-id', key.KeyId, '--description', 'changed')).code).toBe(0)
    expect(JSON.parse((await aws('describe-key', '--key-id', key.Arn)).stdout).KeyMetadata.Description).toBe('changed')
    expect(JSON.parse((await aws('list-resource-tags', '--key-id', key.KeyId)).stdout).Tags).toEqual([{TagKey: 'a', TagValue: 'b'}])
    expect(JSON.parse((await aws('list-key-policies', '--key-id', key.KeyId)).stdout).PolicyNames).toEqual(['default'])
    const scheduled = JSON.parse((await aws('schedule-key-deletion', '--key-id', key.KeyId)).stdout)
    expect(scheduled).toMatchObject({KeyState: 'PendingDeletion', PendingWindowInDays: 30})
    const aliasName = 'alias/cli-update'
    const other = JSON.parse((await aws('create-key')).stdout).KeyMetadata.KeyId
    expect((await aws('create-alias', '--alias-name', aliasName, '--target-key-id', other)).code).toBe(0)
    const third = JSON.parse((await aws('create-key')).stdout).KeyMetadata.KeyId
    expect((await aws('update-alias', '--alias-name', aliasName, '--target-key-id', third)).code).toBe(0)
    expect(JSON.parse((await aws('list-aliases', '--key-id', third)).stdout).Aliases[0].AliasName).toBe(aliasName)
    expect((await aws('delete-alias', '--alias-name', aliasName)).code).toBe(0)
  })

  it('reports AWS error names the CLI shows, with exit code 254', async () => {
    const cases: [string[], string][] = [
      [['describe-key', '--key-id', 'alias/none'], 'NotFoundException'],
      [['create-alias', '--alias-name', 'alias/bad name', '--target-key-id', '00000000-0000-0000-0000-000000000000'], 'ValidationException'],
      [['generate-random', '--number-of-bytes', '2000'], 'ValidationException'],
      [['create-grant', '--key-id', 'x', '--grantee-principal', 'arn:aws:iam::111122223333:root', '--operations', 'Decrypt'], 'UnsupportedOperationException'],
    ]
    for (const [args, name] of cases) {
      const result = await aws(...args)
      expect(result.stderr).toContain(`(${name})`)
      expect(result.code).toBe(254)
    }
  })
})
