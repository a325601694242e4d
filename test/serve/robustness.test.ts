/**
 * 2,000 malformed or hostile requests against `kms local serve` (issue: serve robustness): each
 * gets a 4xx AWS-style error, the server keeps answering, and the store stays intact.
 */
import {CreateKeyCommand, ListKeysCommand} from '@aws-sdk/client-kms'
import {Sha256} from '@smithy/core/checksum'
import {HttpRequest} from '@smithy/core/transport'
import {SignatureV4} from '@smithy/signature-v4'
import fc from 'fast-check'
import {Agent, request} from 'node:http'
import {connect} from 'node:net'
import {beforeAll, describe, expect, it} from 'vitest'
import {startTestServer} from '../helpers/server.js'

type Server = Awaited<ReturnType<typeof startTestServer>>

interface Reply {
  status: number
  body: string
}

const TARGETS = ['CreateKey', 'Encrypt', 'Decrypt', 'DescribeKey', 'ListKeys', 'CreateAlias', 'GenerateDataKey', 'PutKeyPolicy', 'TagResource', 'ScheduleKeyDeletion']

describe('kms local serve under hostile input', () => {
  let server: Server
  let agent: Agent
  let signer: SignatureV4
  let url: URL

  beforeAll(async () => {
    server = await startTestServer()
    url = new URL(server.url)
    agent = new Agent({keepAlive: true, maxSockets: 16})
    signer = new SignatureV4({credentials: {accessKeyId: server.credentials.AccessKeyId, secretAccessKey: server.credentials.SecretAccessKey},
      region: 'us-east-1', service: 'kms', sha256: Sha256, applyChecksum: false})
  })

  function send(headers: Record<string, string>, body: string | Buffer, method = 'POST'): Promise<Reply> {
    return new Promise((resolve, reject) => {
      const req = request({host: url.hostname, port: url.port, path: '/', method, headers, agent}, res => {
        const chunks: Buffer[] = []
        res.on('data', c => chunks.push(c))
        res.on('end', () => resolve({status: res.statusCode ?? 0, body: Buffer.concat(chunks).toString()}))
      })
      req.on('error', reject)
      req.end(body)
    })
  }

  async function sendSigned(target: string, body: string | Buffer, extra: Record<string, string> = {}): Promise<Reply> {
    const signed = await signer.sign(new HttpRequest({method: 'POST', protocol: 'http:', hostname: url.hostname, port: Number(url.port), path: '/',
      headers: {host: url.host, 'content-type': 'application/x-amz-json-1.1', 'x-amz-target': target, ...extra}, body}))
    return send(signed.headers as Record<string, string>, body)
  }

  function expectAwsError(reply: Reply): void {
    expect(reply.status).toBeGreaterThanOrEqual(400)
    expect(reply.status).toBeLessThan(500)
    const parsed = JSON.parse(reply.body)
    expect(typeof parsed.__type).toBe('string')
    expect(typeof (parsed.message ?? parsed.Message)).toBe('string')
  }

  it('answers 2,000 generated malformed requests with 4xx AWS errors and stays consistent', async () => {
    const hostileBody = fc.oneof(
      fc.string(),
      fc.json().filter(j => !/^\{/.test(j)),
      fc.dictionary(fc.constantFrom('KeyId', 'Plaintext', 'CiphertextBlob', 'EncryptionContext', 'NumberOfBytes', 'Limit', 'Marker', 'Tags', 'Policy', 'AliasName', 'TargetKeyId', 'PendingWindowInDays', 'KeySpec'),
        fc.oneof(fc.string({maxLength: 3000}), fc.integer(), fc.double(), fc.boolean(), fc.constant(null), fc.array(fc.anything(), {maxLength: 5}), fc.object({maxDepth: 2})))
        .map(d => JSON.stringify(d)),
    )
    const cases = fc.sample(fc.record({
      kind: fc.constantFrom('signed', 'signed', 'signed', 'unsigned', 'forged', 'unknown-target', 'no-target'),
      target: fc.constantFrom(...TARGETS),
      body: hostileBody,
    }), {numRuns: 2000, seed: 20261130})
    let sent = 0
    for (let i = 0; i < cases.length; i += 16) {
      await Promise.all(cases.slice(i, i + 16).map(async c => {
        let reply: Reply
        if (c.kind === 'signed') reply = await sendSigned(`TrentService.${c.target}`, c.body)
        else if (c.kind === 'unknown-target') reply = await sendSigned(`TrentService.Bogus${c.target}`, c.body)
        else if (c.kind === 'no-target') reply = await sendSigned('', c.body)
        else if (c.kind === 'forged') reply = await send({'x-amz-target': `TrentService.${c.target}`, 'x-amz-date': '20261130T000000Z',
          authorization: `AWS4-HMAC-SHA256 Credential=${server.credentials.AccessKeyId}/20261130/us-east-1/kms/aws4_request, SignedHeaders=host;x-amz-date, Signature=${'ab'.repeat(32)}`}, c.body)
        else reply = await send({'x-amz-target': `TrentService.${c.target}`, 'content-type': 'application/x-amz-json-1.1'}, c.body)
        // A generated body can be a valid request (e.g. `{}` for ListKeys); every other one must be a 4xx AWS error.
        if (reply.status !== 200) expectAwsError(reply)
        sent++
      }))
    }
    expect(sent).toBe(2000)
    const integrity = server.engine.db.pragma('integrity_check', {simple: true})
    expect(integrity).toBe('ok')
    const kms = server.client()
    const before = (await kms.send(new ListKeysCommand({}))).Keys!.length
    await kms.send(new CreateKeyCommand({}))
    expect((await kms.send(new ListKeysCommand({Limit: 1000}))).Keys!.length).toBe(before + 1)
  })

  it('refuses a body over 1 MiB with 413 and keeps answering', async () => {
    const reply = await sendSigned('TrentService.Encrypt', Buffer.alloc(1024 * 1024 + 1, 0x61))
    expect(reply.status).toBe(413)
    expect(JSON.parse(reply.body).__type).toBe('RequestEntityTooLargeException')
    expect((await sendSigned('TrentService.ListKeys', '{}')).status).toBe(200)
  })

  it('answers other methods and paths with an AWS error', async () => {
    expectAwsError(await send({}, '', 'GET'))
  })

  it('keeps answering while slow clients hold connections open', async () => {
    const slow = Array.from({length: 20}, () => {
      const socket = connect(Number(url.port), url.hostname)
      socket.write('POST / HTTP/1.1\r\nHost: x\r\nContent-Length: 100\r\n\r\n{"Key')
      return socket
    })
    const reply = await sendSigned('TrentService.ListKeys', '{}')
    expect(reply.status).toBe(200)
    for (const s of slow) s.destroy()
  })
})
