/** The built CLI end to end: stdout, stderr and exit codes (README §Exit codes). */
import {writeFileSync} from 'node:fs'
import {createServer} from 'node:http'
import type {AddressInfo} from 'node:net'
import {join} from 'node:path'
import {beforeAll, describe, expect, it} from 'vitest'
import {BIN, cliEnv, kms, kmsJson} from '../helpers/cli.js'
import {run} from '../helpers/run.js'

describe('kms keys and aliases, end to end on the local backend', () => {
  let env: ReturnType<typeof cliEnv>
  let keyId: string

  beforeAll(async () => {
    env = cliEnv()
    keyId = (await kmsJson(env, ['keys', 'create', '--description', 'app data', '--tag', 'team=a'])).KeyMetadata.KeyId
  })

  it('creates a key that persists across runs, with --json in the AWS shape', async () => {
    expect(keyId).toMatch(/^[0-9a-f-]{36}$/)
    const list = await kmsJson(env, ['keys', 'list'])
    expect(list.Keys).toEqual([expect.objectContaining({KeyId: keyId, KeyState: 'Enabled', Description: 'app data'})])
    const human = await kms(env, ['keys', 'list'])
    expect(human.stdout).toMatch(new RegExp(`${keyId}\\s+Enabled\\s+app data`))
    expect(human.stderr).toBe('')
  })

  it('creates, lists, moves and deletes aliases, and accepts them wherever a key is named', async () => {
    expect((await kms(env, ['aliases', 'create', 'alias/app', keyId])).code).toBe(0)
    expect((await kmsJson(env, ['keys', 'describe', 'alias/app'])).KeyMetadata.KeyId).toBe(keyId)
    const other = (await kmsJson(env, ['keys', 'create'])).KeyMetadata.KeyId
    expect((await kms(env, ['aliases', 'update', 'alias/app', other])).code).toBe(0)
    expect((await kmsJson(env, ['aliases', 'list', '--key', other])).Aliases.map((a: any) => a.AliasName)).toEqual(['alias/app'])
    expect((await kms(env, ['aliases', 'delete', 'alias/app'])).code).toBe(0)
    expect((await kmsJson(env, ['aliases', 'list'])).Aliases).toEqual([])
  })

  it('disables, enables, tags, untags and describes a key by alias', async () => {
    await kms(env, ['aliases', 'create', 'alias/ops', keyId])
    expect((await kms(env, ['keys', 'disable', 'alias/ops'])).code).toBe(0)
    expect((await kmsJson(env, ['keys', 'describe', keyId])).KeyMetadata.KeyState).toBe('Disabled')
    expect((await kms(env, ['keys', 'enable', 'alias/ops'])).code).toBe(0)
    expect((await kms(env, ['keys', 'tag', 'alias/ops', 'env=prod', 'owner=x=y'])).code).toBe(0)
    expect((await kms(env, ['keys', 'untag', 'alias/ops', 'team'])).code).toBe(0)
    expect((await kmsJson(env, ['keys', 'tags', 'alias/ops'])).Tags).toEqual([{TagKey: 'env', TagValue: 'prod'}, {TagKey: 'owner', TagValue: 'x=y'}])
    expect((await kms(env, ['keys', 'update-description', 'alias/ops', 'renamed'])).code).toBe(0)
    expect((await kms(env, ['keys', 'describe', 'alias/ops'])).stdout).toMatch(/Description:\s+renamed/)
  })

  it('schedules and cancels deletion; a key pending deletion is refused with exit code 5', async () => {
    const doomed = (await kmsJson(env, ['keys', 'create'])).KeyMetadata.KeyId
    const scheduled = await kmsJson(env, ['keys', 'schedule-deletion', doomed, '--days', '7'])
    expect(scheduled).toMatchObject({KeyState: 'PendingDeletion', PendingWindowInDays: 7})
    const refused = await kms(env, ['aliases', 'create', 'alias/doomed', doomed])
    expect(refused.code).toBe(5)
    expect(refused.stderr).toMatch(/^error: .* is pending deletion\.\nhint: cancel the deletion: kms keys cancel-deletion KEY\n$/)
    expect((await kmsJson(env, ['keys', 'cancel-deletion', doomed])).KeyState).toBe('Disabled')
  })

  it('reports an unknown alias in one line with a hint and exit code 3, never a stack trace', async () => {
    const result = await kms(env, ['keys', 'describe', 'alias/none'])
    expect(result.code).toBe(3)
    expect(result.stdout).toBe('')
    expect(result.stderr).toMatch(/^error: Alias 'arn:aws:kms:us-east-1:\d{12}:alias\/none' is not found\.\nhint: .+\n$/)
  })

  it('takes every Region the SDK lists, the EU sovereign cloud\'s too', async () => {
    expect((await kmsJson(env, ['keys', 'create', '--region', 'eusc-de-east-1'])).KeyMetadata.Arn).toMatch(/^arn:aws[-a-z]*:kms:eusc-de-east-1:/)
  })

  it('refuses invalid days with exit code 2 before calling KMS, naming the flag (KMS names pendingWindowInDays)', async () => {
    const result = await kms(env, ['keys', 'schedule-deletion', keyId, '--days', '3'])
    expect([result.code, result.stderr]).toEqual([2, 'error: --days: expected an integer greater than or equal to 7 but received: 3\nhint: see: kms keys schedule-deletion --help\n'])
  })

  it('refuses bad flags and bad NAME=VALUE input as usage errors (exit 2), as JSON under --json', async () => {
    const bad = await kms(env, ['keys', 'create', '--tag', 'no-equals'])
    expect(bad.code).toBe(2)
    expect(bad.stderr).toBe("error: tag 'no-equals' is not NAME=VALUE\nhint: write it as team=payments\n")
    const json = await kms(env, ['keys', 'create', '--tag', 'no-equals', '--json'])
    expect(json.code).toBe(2)
    expect(JSON.parse(json.stdout)).toEqual({error: {name: 'UsageError', message: "tag 'no-equals' is not NAME=VALUE", hints: ['write it as team=payments'], exitCode: 2}})
    const unknownFlag = await kms(env, ['keys', 'list', '--bogus'])
    expect(unknownFlag.code).toBe(2)
    expect(unknownFlag.stderr).toMatch(/^error: .*--bogus/)
    expect(unknownFlag.stderr).not.toMatch(/\n\s+at /)
  })

  it('reports an unknown command as a usage error (exit 2) with a hint to the right help, as JSON under --json', async () => {
    const top = await kms(env, ['frob'])
    expect([top.code, top.stderr]).toEqual([2, 'error: unknown command: kms frob\nhint: see: kms --help\n'])
    const nested = await kms(env, ['keys', 'frob', 'extra'])
    expect([nested.code, nested.stderr]).toEqual([2, 'error: unknown command: kms keys frob\nhint: see: kms keys --help\n'])
    const json = await kms(env, ['keys', 'frob', '--json'])
    expect(json.code).toBe(2)
    expect(JSON.parse(json.stdout)).toEqual({error: {name: 'UsageError', message: 'unknown command: kms keys frob', hints: ['see: kms keys --help'], exitCode: 2}})
  })

  it('refuses a malformed key policy file before calling KMS (exit 2)', async () => {
    const file = join(env.HOME!, 'policy.json')
    writeFileSync(file, '{"Statement": [ broken')
    const result = await kms(env, ['policy', 'put', keyId, file])
    expect(result.code).toBe(2)
    expect(result.stderr).toMatch(/^error: .*policy\.json: the policy is not valid JSON/)
    // AWS's lockout safety check, and its bypass.
    const lockout = join(env.HOME!, 'lockout.json')
    writeFileSync(lockout, JSON.stringify({Version: '2012-10-17', Statement: [{Effect: 'Allow', Principal: {AWS: 'arn:aws:iam::111122223333:root'}, Action: 'kms:*', Resource: '*'}]}))
    const locked = await kms(env, ['keys', 'create', '--policy', lockout])
    expect([locked.code, locked.stderr]).toEqual([2, 'error: The new key policy will not allow you to update the key policy in the future.\n' +
      'hint: keep kms:PutKeyPolicy for your account (its root) or yourself, or pass --bypass-policy-lockout-safety-check\n'])
    expect((await kms(env, ['keys', 'create', '--policy', lockout, '--bypass-policy-lockout-safety-check'])).code).toBe(0)
    const valid = await kms(env, ['policy', 'get', keyId])
    expect(JSON.parse(valid.stdout).Statement[0].Action).toBe('kms:*')
    // --json: GetKeyPolicy's shape, the policy as a string (as `aws kms get-key-policy` prints it).
    const shaped = await kmsJson(env, ['policy', 'get', keyId])
    expect(shaped).toEqual({Policy: expect.any(String), PolicyName: 'default'})
    expect(JSON.parse(shaped.Policy)).toEqual(JSON.parse(valid.stdout))
  })

  it('reports what fails while reading the command line or a bad Region as one-line usage errors (exit 2), and any missing input file the same way everywhere (exit 3)', async () => {
    const cases: [string[], RegExp][] = [
      [['random', '0'], /^error: BYTES must be a whole number from 1 to 1024, not '0'\nhint: see: kms random --help\n$/],
      [['random', 'abc'], /^error: BYTES must be a whole number from 1 to 1024, not 'abc'\nhint: see: kms random --help\n$/],
      // The largest frame kms decrypt (and the ESDKs, by default) accepts: the help said 1 GiB.
      [['encrypt', '/etc/hostname', '-o', '-', '--frame-length', '33554432'], /^error: --frame-length: expected an integer less than or equal to 16777216 but received: 33554432\n/],
      // The local KMS has AWS's Regions: a typo used to make keys under arn:aws:kms:eu-wset-1.
      [['keys', 'list', '--region', 'bad region'], /^error: unknown AWS Region 'bad region'\nhint: /],
      [['keys', 'create', '--region', 'eu-wset-1'], /^error: unknown AWS Region 'eu-wset-1'\nhint: the local KMS has the Regions AWS has, e\.g\. us-east-1 or eu-west-1: check --region, AWS_REGION and kms config\n$/],
    ]
    for (const [args, stderr] of cases) {
      const result = await kms(env, args)
      expect({args, code: result.code, stderr: result.stderr}).toEqual({args, code: 2, stderr: expect.stringMatching(stderr)})
    }
    const missing: [string[], string][] = [
      [['keys', 'create', '--policy', '/nonexistent/p.json'], 'cannot open /nonexistent/p.json'],
      [['policy', 'put', keyId, '/nonexistent/p.json'], 'cannot open /nonexistent/p.json'],
      [['policy', 'validate', '/nonexistent/p.json'], 'cannot read /nonexistent/p.json'],
      [['encrypt', '/etc/hostname', '-o', '-', '--raw-aes-key', 'ns/k=/nonexistent/k.key'], 'cannot read the --raw-aes-key file /nonexistent/k.key'],
    ]
    for (const [args, message] of missing) {
      const result = await kms(env, args)
      expect({args, code: result.code, stderr: result.stderr}).toEqual({args, code: 3, stderr: `error: ${message}: no such file or directory\n`})
    }
    const {AWS_REGION: _region, AWS_DEFAULT_REGION: _defaultRegion, ...withoutRegion} = env
    const noRegion = await kms({...withoutRegion, AWS_ACCESS_KEY_ID: 'AKIAEXAMPLE', AWS_SECRET_ACCESS_KEY: 'x', AWS_CONFIG_FILE: '/nonexistent'},
      ['keys', 'list', '--backend', 'aws', '--endpoint-url', 'http://127.0.0.1:9'])
    expect(noRegion.code).toBe(2)
    expect(noRegion.stderr).toMatch(/^error: no AWS Region is set\nhint: /)
  })

  it('names a missing AWS profile (exit 2), and turns the SDK\'s 8-line warning about a profile and key variables both set into one line', async () => {
    writeFileSync(env.AWS_CONFIG_FILE!, '[profile ci]\nregion = us-east-1\naws_access_key_id = AKIAEXAMPLECI\naws_secret_access_key = x\n' +
      '[profile failing]\ncredential_process = /bin/sh -c "exit 3"\n')
    const aws = ['keys', 'list', '--backend', 'aws', '--region', 'us-east-1', '--endpoint-url', 'http://127.0.0.1:9']
    for (const missing of [{args: ['--profile', 'nosuch'], extra: {}, from: '--profile'}, {args: [], extra: {AWS_PROFILE: 'nosuch'}, from: 'AWS_PROFILE'}]) {
      const result = await kms({...env, ...missing.extra}, [...aws, ...missing.args])
      expect(result.code).toBe(2)
      expect(result.stderr).toBe(`error: the AWS profile nosuch (from ${missing.from}) is not in ${env.AWS_CONFIG_FILE} or ${env.AWS_SHARED_CREDENTIALS_FILE}\n` +
        'hint: set it up with: aws configure --profile nosuch\nhint: or list those there are: aws configure list-profiles\n')
    }
    // A missing profile is said so before anything else: no warning about the key variables it would shadow.
    const shadowing = await kms({...env, AWS_PROFILE: 'nosuch', AWS_ACCESS_KEY_ID: 'AKIAEXAMPLEENV', AWS_SECRET_ACCESS_KEY: 'y'}, aws)
    expect(shadowing.stderr).toMatch(/^error: the AWS profile nosuch \(from AWS_PROFILE\) is not in /)
    // A profile whose credentials fail: its own error, not the chain's "Could not load credentials from any providers".
    const failing = await kms(env, [...aws, '--profile', 'failing'])
    expect({code: failing.code, stderr: failing.stderr}).toEqual({code: 4, stderr: 'error: no AWS credentials from the profile failing: Command failed: /bin/sh -c "exit 3"\n' +
      'hint: check the profile\'s settings (aws configure list --profile failing), or use another one\n'})
    // Without a named profile, no credentials at all is still said so.
    expect((await kms(env, aws)).stderr).toMatch(/^error: no AWS credentials found/)
    const both = await kms({...env, AWS_PROFILE: 'ci', AWS_ACCESS_KEY_ID: 'AKIAEXAMPLEENV', AWS_SECRET_ACCESS_KEY: 'y'}, aws)
    expect(both.stderr).toBe('warning: AWS_ACCESS_KEY_ID and AWS_SECRET_ACCESS_KEY are not used: the profile ci is (unset AWS_PROFILE to use them)\n' +
      'error: cannot reach KMS at http://127.0.0.1:9: connect ECONNREFUSED 127.0.0.1:9\nhint: check --endpoint-url, --region and the network\n')
    const flag = await kms({...env, AWS_ACCESS_KEY_ID: 'AKIAEXAMPLEENV', AWS_SECRET_ACCESS_KEY: 'y'}, [...aws, '--profile', 'ci'])
    expect(flag.stderr).toMatch(/^warning: AWS_ACCESS_KEY_ID and AWS_SECRET_ACCESS_KEY are not used: the profile ci is \(leave out --profile to use them\)\nerror: cannot reach KMS/)
    // A profile from kms config: the advice says how to drop that one.
    const configured = {...env, KMS_CONFIG: join(env.HOME!, 'profile-config.json'), AWS_ACCESS_KEY_ID: 'AKIAEXAMPLEENV', AWS_SECRET_ACCESS_KEY: 'y'}
    expect((await kms(configured, ['config', 'set', 'profile', 'ci'])).code).toBe(0)
    expect((await kms(configured, aws)).stderr).toMatch(/^warning: .* the profile ci is \(kms config unset profile to use them\)\n/)
  })

  it('signs and MACs only with keys made for it (exit 5), refuses empty and oversized messages, and keeps an existing -o file unless --force', async () => {
    const dir = env.HOME!
    const message = join(dir, 'message.txt')
    writeFileSync(message, 'release 1.0')
    const signer = (await kmsJson(env, ['keys', 'create', '--spec', 'ECC_NIST_P256', '--usage', 'SIGN_VERIFY'])).KeyMetadata.KeyId
    const hmac = (await kmsJson(env, ['keys', 'create', '--spec', 'HMAC_256'])).KeyMetadata.KeyId
    const wrong = await kms(env, ['sign', keyId, message])
    expect(wrong.code).toBe(5)
    expect(wrong.stderr).toMatch(/^error: \S+ is a SYMMETRIC_DEFAULT key for ENCRYPT_DECRYPT, not for signing\n/)
    const wrongMac = await kms(env, ['mac', 'generate', signer, message])
    expect(wrongMac.code).toBe(5)
    expect(wrongMac.stderr).toMatch(/is an ECC_NIST_P256 key for SIGN_VERIFY, not for MACs/)

    const empty = join(dir, 'empty.txt')
    writeFileSync(empty, '')
    expect((await kms(env, ['sign', signer, empty])).stderr).toBe('error: the message is empty: KMS signs messages of 1 byte or more\n')
    const large = join(dir, 'large.bin')
    writeFileSync(large, Buffer.alloc(5000, 1))
    const tooLarge = await kms(env, ['mac', 'generate', hmac, large])
    expect(tooLarge.code).toBe(2)
    expect(tooLarge.stderr).toMatch(new RegExp(`^error: ${large} has 5000 bytes: KMS computes MACs of at most 4096\nhint: `))

    const signature = join(dir, 'message.sig')
    expect((await kms(env, ['sign', signer, message, '-o', signature])).code).toBe(0)
    const again = await kms(env, ['sign', signer, message, '-o', signature])
    expect(again.code).toBe(2)
    expect(again.stderr).toBe(`error: output file ${signature} already exists\nhint: choose another path with -o, or replace it with --force\n`)
    expect((await kms(env, ['sign', signer, message, '-o', signature, '--force'])).code).toBe(0)
    expect((await kms(env, ['verify', signer, message, '--signature', signature])).code).toBe(0)
  })

  it('reports a KMS_HOME that cannot be used (exit 2) instead of crashing', async () => {
    const file = join(env.HOME!, 'not-a-dir')
    writeFileSync(file, 'x')
    const result = await kms({...env, KMS_HOME: file}, ['keys', 'list'])
    expect(result.code).toBe(2)
    expect(result.stderr).toMatch(new RegExp(`^error: cannot open the local KMS store in ${file}: .*\\nhint: set KMS_HOME`))
  })

  it('gives up on an endpoint that takes the connection and never answers (exit 7), and refuses an endpoint that is not a URL', async () => {
    const silent = createServer(() => {})
    await new Promise<void>(resolve => silent.listen(0, '127.0.0.1', resolve))
    try {
      const url = `http://127.0.0.1:${(silent.address() as AddressInfo).port}`
      const started = Date.now()
      const result = await kms({...env, AWS_ACCESS_KEY_ID: 'AKIAEXAMPLE', AWS_SECRET_ACCESS_KEY: 'x', AWS_REGION: 'us-east-1', KMS_TIMEOUT: '1'},
        ['keys', 'list', '--backend', 'aws', '--endpoint-url', url])
      expect(result.code).toBe(7)
      expect(result.stderr).toBe(`error: no answer from KMS at ${url} within 1 s (each attempt)\nhint: check --endpoint-url and the network; KMS_TIMEOUT sets the wait in seconds\n`)
      expect(Date.now() - started).toBeLessThan(20_000)
    } finally {
      silent.closeAllConnections()
      silent.close()
    }
    const huge = await kms({...env, KMS_TIMEOUT: '1e10'}, ['keys', 'list', '--backend', 'aws', '--endpoint-url', 'http://127.0.0.1:9'])
    expect([huge.code, huge.stderr.split('\n')[0]]).toEqual([2, 'error: KMS_TIMEOUT=1e10 is not a number of seconds from 0.001 to 2147483'])
    const notUrl = await kms(env, ['keys', 'list', '--backend', 'aws', '--endpoint-url', '127.0.0.1:4599'])
    expect([notUrl.code, notUrl.stderr.split('\n')[0]]).toEqual([2, "error: endpoint URL '127.0.0.1:4599' is not an http:// or https:// URL"])
    expect((await kms(env, ['config', 'set', 'endpoint-url', 'notaurl'])).code).toBe(2)
    expect((await kms(env, ['config', 'set', 'region', 'bogus_region'])).code).toBe(2)
  })

  it('fails fast with a network error (exit 7) when the AWS endpoint is unreachable', async () => {
    const result = await kms({...env, AWS_ACCESS_KEY_ID: 'AKIAEXAMPLE', AWS_SECRET_ACCESS_KEY: 'x', AWS_REGION: 'us-east-1'},
      ['keys', 'list', '--backend', 'aws', '--endpoint-url', 'http://127.0.0.1:9'])
    expect(result.code).toBe(7)
    expect(result.stderr).toMatch(/^error: cannot reach KMS at http:\/\/127\.0\.0\.1:9: .*ECONNREFUSED.*\nhint: /)
    // The same through the envelope's keyring (encrypt, decrypt).
    const file = join(env.HOME!, 'network.txt')
    writeFileSync(file, 'x')
    const encrypted = await kms({...env, AWS_ACCESS_KEY_ID: 'AKIAEXAMPLE', AWS_SECRET_ACCESS_KEY: 'x', AWS_REGION: 'us-east-1'},
      ['encrypt', file, '-k', 'alias/x', '--backend', 'aws', '--endpoint-url', 'http://127.0.0.1:9'])
    expect(encrypted.code).toBe(7)
    expect(encrypted.stderr).toMatch(/^error: cannot reach KMS: .*ECONNREFUSED.*\nhint: check --endpoint-url/)
  })

  it('reads settings from flags, then environment, then the config file', async () => {
    expect((await kms(env, ['config', 'set', 'region', 'eu-west-1'])).code).toBe(0)
    expect((await kms(env, ['config', 'get', 'region'])).stdout).toBe('eu-west-1\n')
    expect((await kms({...env, AWS_REGION: 'ap-south-1'}, ['config', 'get', 'region'])).stdout).toBe('ap-south-1\n')
    expect((await kms({...env, AWS_REGION: 'ap-south-1'}, ['config', 'get', 'region', '--region', 'us-west-2'])).stdout).toBe('us-west-2\n')
    const created = await kmsJson(env, ['keys', 'create'])
    expect(created.KeyMetadata.Arn).toContain(':eu-west-1:')
    expect((await kms(env, ['config', 'set', 'backend', 'gcp'])).code).toBe(2)
    expect((await kms(env, ['config', 'unset', 'region'])).code).toBe(0)
    // Nothing set: config list shows what applies, the local backend's defaults.
    expect((await kmsJson(env, ['config', 'list'])).Settings).toMatchObject({backend: {Value: 'local', Source: 'default'}, region: {Value: 'us-east-1', Source: 'default'}})
    expect((await kms(env, ['config', 'list'])).stdout).toMatch(/^region\s+us-east-1\s+default$/m)
    // config get shows the same value in effect (it printed an empty line for a default).
    expect((await kms(env, ['config', 'get', 'region'])).stdout).toBe('us-east-1\n')
    expect(await kmsJson(env, ['config', 'get', 'backend'])).toEqual({Name: 'backend', Value: 'local', Source: 'default'})
    // A broken config file: the hint says how to remove it (it pointed at config list, which fails the same way).
    const broken = join(env.HOME!, 'broken config.json')
    writeFileSync(broken, '{not json')
    const bad = await kms({...env, KMS_CONFIG: broken}, ['config', 'list'])
    expect([bad.code, bad.stderr]).toEqual([2, expect.stringMatching(new RegExp(`^error: the config file ${broken} is not a JSON object: .*\\nhint: fix it, or remove it: rm '${broken}'\\n$`))])
    expect((await kmsJson(env, ['config', 'list', '--backend', 'aws'])).Settings.region).toEqual({Source: 'the AWS profile, if it sets one'})
  })

  it('prints the local credentials for other AWS clients', async () => {
    const creds = await kmsJson(env, ['local', 'credentials'])
    expect(creds).toMatchObject({AccessKeyId: expect.stringMatching(/^AKIA[A-Z2-7]{16}$/), Region: 'us-east-1', AccountId: expect.stringMatching(/^\d{12}$/)})
    expect(creds.SecretAccessKey.length).toBeGreaterThanOrEqual(40)
    const status = await kmsJson(env, ['local', 'status'])
    expect(status).toMatchObject({Home: env.KMS_HOME, AccountId: creds.AccountId})
    // eval'd in a shell that holds a session token (SSO, an assumed role), it leaves none behind: the local KMS refuses tokens.
    const shell = await run('bash', ['-c', `eval "$("$0" "$1" local credentials)" && echo "$AWS_ACCESS_KEY_ID $AWS_DEFAULT_REGION \${AWS_SESSION_TOKEN-none}"`, process.execPath, BIN],
      {env: {...env, AWS_SESSION_TOKEN: 'leftover-from-sso'}})
    // AWS_DEFAULT_REGION too: AWS CLI v1 reads no other.
    expect(shell.stdout).toBe(`${creds.AccessKeyId} us-east-1 none\n`)
  })
})
