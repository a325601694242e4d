/**
 * SigV4 on every request (DESIGN.md §1): a request that is not signed by a known access key with
 * its secret, within 15 minutes, over the exact body, is refused with AWS's error and not executed.
 */
import {CreateKeyCommand, KMSClient, ListKeysCommand} from '@aws-sdk/client-kms'
import {Sha256} from '@smithy/core/checksum'
import {HttpRequest} from '@smithy/core/transport'
import {SignatureV4} from '@smithy/signature-v4'
import {beforeAll, describe, expect, it} from 'vitest'
import {localEngine} from '../../src/lib/clients.js'
import {ensureAdmin} from '../../src/lib/local/engine/identity.js'
import {createProtocolHandler, type ProtocolHandler} from '../../src/lib/local/handler.js'
import {InProcessRequestHandler} from '../../src/lib/local/request-handler.js'
import {readRecords} from '../../src/lib/local/audit.js'
import type {Engine} from '../../src/lib/local/engine/engine.js'
import {expectAwsError} from '../helpers/expect-error.js'
import {tempDir} from '../helpers/temp.js'

describe('SigV4 verification in the protocol handler', () => {
  let engine: Engine
  let handler: ProtocolHandler
  let creds: {accessKeyId: string; secretAccessKey: string}
  const client = (credentials: {accessKeyId: string; secretAccessKey: string}, systemClockOffset = 0, region = 'us-east-1') => {
    const c = new KMSClient({region, credentials, requestHandler: new InProcessRequestHandler(handler), maxAttempts: 1})
    c.config.systemClockOffset = systemClockOffset
    return c
  }
  const keyCount = () => (engine.db.prepare('SELECT count(*) AS n FROM keys').get() as {n: number}).n

  beforeAll(() => {
    engine = localEngine(tempDir())
    handler = createProtocolHandler(engine)
    const admin = ensureAdmin(engine)
    creds = {accessKeyId: admin.AccessKeyId, secretAccessKey: admin.SecretAccessKey}
  })

  it('accepts a correctly signed request', async () => {
    await client(creds).send(new CreateKeyCommand({}))
    expect(keyCount()).toBe(1)
  })

  it('refuses a wrong secret with InvalidSignatureException and creates nothing', async () => {
    await expectAwsError(client({...creds, secretAccessKey: 'wrong'}).send(new CreateKeyCommand({})), 'InvalidSignatureException', /signature we calculated does not match/)
    expect(keyCount()).toBe(1)
  })

  it('refuses an unknown access key with UnrecognizedClientException and creates nothing', async () => {
    await expectAwsError(client({accessKeyId: 'AKIAUNKNOWNUNKNOWN00', secretAccessKey: 'x'}).send(new CreateKeyCommand({})), 'UnrecognizedClientException')
    expect(keyCount()).toBe(1)
  })

  it('refuses a session token with UnrecognizedClientException, as AWS does for a token it did not issue (local access keys are long-term)', async () => {
    await expectAwsError(client({...creds, sessionToken: 'FwoGZXIvYXdzEXAMPLE'} as typeof creds).send(new CreateKeyCommand({})), 'UnrecognizedClientException')
    expect(keyCount()).toBe(1)
  })

  it('refuses a request signed for a Region AWS does not have, as AWS does, and creates nothing', async () => {
    for (const region of ['eu-wset-1', 'mars']) {
      await expectAwsError(client(creds, 0, region).send(new CreateKeyCommand({})), 'InvalidSignatureException', `Credential should be scoped to a valid region, not '${region}'.`)
    }
    expect(keyCount()).toBe(1)
    await client(creds, 0, 'ap-southeast-2').send(new ListKeysCommand({}))
    // A store made before this check may hold keys in a Region such as `local`: they stay reachable there.
    const {KeyMetadata} = await client(creds).send(new CreateKeyCommand({}))
    engine.db.prepare("UPDATE keys SET region = 'local', arn = replace(arn, ':us-east-1:', ':local:') WHERE key_id = ?").run(KeyMetadata!.KeyId)
    expect((await client(creds, 0, 'local').send(new ListKeysCommand({}))).Keys!.map(k => k.KeyId)).toEqual([KeyMetadata!.KeyId])
    await expectAwsError(client(creds, 0, 'lcoal').send(new ListKeysCommand({})), 'InvalidSignatureException')
    engine.db.prepare('DELETE FROM keys WHERE key_id = ?').run(KeyMetadata!.KeyId)
  })

  it('refuses a request signed more than 15 minutes in the past or future', async () => {
    await expectAwsError(client(creds, -16 * 60_000).send(new CreateKeyCommand({})), 'InvalidSignatureException', /Signature expired/)
    await expectAwsError(client(creds, 16 * 60_000).send(new CreateKeyCommand({})), 'InvalidSignatureException', /not yet current/)
    await client(creds, -14 * 60_000).send(new ListKeysCommand({}))
    expect(keyCount()).toBe(1)
  })

  async function signed(body: string, headers: Record<string, string> = {}) {
    const signer = new SignatureV4({credentials: creds, region: 'us-east-1', service: 'kms', sha256: Sha256, applyChecksum: false})
    const request = new HttpRequest({method: 'POST', protocol: 'http:', hostname: 'kms.local', path: '/', body,
      headers: {host: 'kms.local', 'content-type': 'application/x-amz-json-1.1', 'x-amz-target': 'TrentService.CreateKey', ...headers}})
    const s = await signer.sign(request)
    return {method: 'POST', path: '/', headers: Object.fromEntries(Object.entries(s.headers).map(([k, v]) => [k.toLowerCase(), v])), body: Buffer.from(body)}
  }

  it('refuses a body changed after signing, whether or not the client sent x-amz-content-sha256', async () => {
    const plain = await signed('{"Description":"a"}')
    const ok = await handler(plain)
    expect(ok.statusCode).toBe(200)
    const tampered = await handler({...plain, body: Buffer.from('{"Description":"b"}')})
    expect(JSON.parse(tampered.body.toString()).__type).toBe('InvalidSignatureException')
    const withHash = await signed('{"Description":"c"}', {'x-amz-content-sha256': '0'.repeat(64)})
    const claimed = await handler(withHash)
    expect(JSON.parse(claimed.body.toString()).__type).toBe('InvalidSignatureException')
    expect(keyCount()).toBe(2)
  })

  it('refuses a request without an Authorization header', async () => {
    const response = await handler({method: 'POST', path: '/', headers: {'x-amz-target': 'TrentService.CreateKey'}, body: Buffer.from('{}')})
    expect(response.statusCode).toBe(400)
    expect(JSON.parse(response.body.toString()).__type).toBe('MissingAuthenticationTokenException')
  })

  it('records refused requests in the audit trail, with the error and without a principal', async () => {
    const refused = readRecords(engine).filter(r => r.errorCode === 'UnrecognizedClientException')
    expect(refused.length).toBeGreaterThan(0)
    expect(refused[0]).toMatchObject({eventName: 'CreateKey', eventSource: 'kms.amazonaws.com', userIdentity: {type: 'Unknown', accessKeyId: 'AKIAUNKNOWNUNKNOWN00'}})
  })
})
