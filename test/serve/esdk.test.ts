/**
 * The AWS Encryption SDK (@aws-crypto/client-node, KMS keyring, an AWS SDK KMSClient pointed at
 * `kms local serve`) and the kms CLI (--backend aws --endpoint-url, the same server) read each
 * other's messages made with the same local key.
 */
import {CommitmentPolicy, KmsKeyringNode, buildClient} from '@aws-crypto/client-node'
import {CreateKeyCommand, DecryptCommand, EncryptCommand, GenerateDataKeyCommand, type KMSClient} from '@aws-sdk/client-kms'
import {randomBytes} from 'node:crypto'
import {readFileSync, writeFileSync} from 'node:fs'
import {join} from 'node:path'
import {beforeAll, describe, expect, it} from 'vitest'
import {cliEnv, kms} from '../helpers/cli.js'
import {startTestServer} from '../helpers/server.js'

const esdk = buildClient(CommitmentPolicy.REQUIRE_ENCRYPT_REQUIRE_DECRYPT)

/** client-node's KMS keyring calls v2-style methods; these forward them to the v3 client. */
const asEsdkClient = (client: KMSClient) => ({
  decrypt: (input: never) => client.send(new DecryptCommand(input)),
  encrypt: (input: never) => client.send(new EncryptCommand(input)),
  generateDataKey: (input: never) => client.send(new GenerateDataKeyCommand(input)),
}) as never

describe('the AWS Encryption SDK and kms through kms local serve', () => {
  let server: Awaited<ReturnType<typeof startTestServer>>
  let env: NodeJS.ProcessEnv
  let keyArn: string
  let work: string
  const data = randomBytes(2 * 1024 * 1024 + 17)

  beforeAll(async () => {
    server = await startTestServer()
    const base = cliEnv()
    work = base.HOME!
    env = {...base, AWS_ACCESS_KEY_ID: server.credentials.AccessKeyId, AWS_SECRET_ACCESS_KEY: server.credentials.SecretAccessKey,
      AWS_REGION: 'us-east-1', KMS_BACKEND: 'aws', AWS_ENDPOINT_URL_KMS: server.url}
    keyArn = (await server.client().send(new CreateKeyCommand({Description: 'esdk interop'}))).KeyMetadata!.Arn!
    writeFileSync(join(work, 'data.bin'), data)
  })

  it('the ESDK decrypts what kms encrypt wrote with a local key', async () => {
    const enc = await kms(env, ['encrypt', join(work, 'data.bin'), '-k', keyArn, '-c', 'purpose=interop'])
    expect(enc.stderr).toBe('')
    expect(enc.code).toBe(0)
    const keyring = new KmsKeyringNode({keyIds: [keyArn], clientProvider: () => asEsdkClient(server.client())})
    const {plaintext, messageHeader} = await esdk.decrypt(keyring, readFileSync(join(work, 'data.bin.kms')))
    expect(Buffer.from(plaintext).equals(data)).toBe(true)
    expect(messageHeader.encryptionContext).toMatchObject({purpose: 'interop'})
  })

  it('kms decrypt decrypts what the ESDK encrypted with the same key', async () => {
    const keyring = new KmsKeyringNode({generatorKeyId: keyArn, clientProvider: () => asEsdkClient(server.client())})
    const {result} = await esdk.encrypt(keyring, data, {encryptionContext: {from: 'esdk'}, frameLength: 4096})
    writeFileSync(join(work, 'esdk.kms'), result)
    const dec = await kms(env, ['decrypt', join(work, 'esdk.kms'), '-k', keyArn, '-c', 'from=esdk', '-o', join(work, 'esdk.bin')])
    expect(dec.stderr).toBe('')
    expect(dec.code).toBe(0)
    expect(readFileSync(join(work, 'esdk.bin')).equals(data)).toBe(true)
  })
})
