/** Every answered request becomes a CloudTrail record with AWS's fields, never with plaintext (DESIGN.md §2 Audit). */
import {CreateAliasCommand, CreateKeyCommand, DecryptCommand, EncryptCommand, GenerateDataKeyCommand, KMSClient} from '@aws-sdk/client-kms'
import {beforeAll, describe, expect, it} from 'vitest'
import {createKmsClient, localEngine} from '../../src/lib/clients.js'
import {readRecords} from '../../src/lib/local/audit.js'
import {tempDir} from '../helpers/temp.js'

describe('audit records of the local KMS', () => {
  let home: string
  let kms: KMSClient
  let records: Record<string, any>[]
  let keyArn: string
  const secret = 'PLAINTEXT-THAT-MUST-NOT-BE-LOGGED'

  beforeAll(async () => {
    home = tempDir()
    kms = createKmsClient({backend: 'local', home})
    keyArn = (await kms.send(new CreateKeyCommand({Description: 'audited'}))).KeyMetadata!.Arn!
    await kms.send(new CreateAliasCommand({AliasName: 'alias/audited', TargetKeyId: keyArn.split('/')[1]}))
    const {CiphertextBlob} = await kms.send(new EncryptCommand({KeyId: 'alias/audited', Plaintext: Buffer.from(secret), EncryptionContext: {app: 'x'}}))
    await kms.send(new DecryptCommand({CiphertextBlob, EncryptionContext: {app: 'x'}}))
    await kms.send(new DecryptCommand({CiphertextBlob, EncryptionContext: {app: 'wrong'}})).catch(() => undefined)
    await kms.send(new GenerateDataKeyCommand({KeyId: keyArn, KeySpec: 'AES_256'}))
    records = readRecords(localEngine(home))
  })

  it('records one event per request with CloudTrail field names', () => {
    expect(records.map(r => r.eventName)).toEqual(['CreateKey', 'CreateAlias', 'Encrypt', 'Decrypt', 'Decrypt', 'GenerateDataKey'])
    for (const r of records) {
      expect(r).toMatchObject({eventVersion: '1.11', eventSource: 'kms.amazonaws.com', awsRegion: 'us-east-1', eventType: 'AwsApiCall',
        managementEvent: true, eventCategory: 'Management', userIdentity: {type: 'IAMUser', userName: 'admin'}})
      expect(r.eventTime).toMatch(/^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}Z$/)
      expect(r.eventID).toMatch(/^[0-9a-f-]{36}$/)
    }
  })

  it('names the key in resources[], flags read-only operations, and keeps the encryption context', () => {
    const encrypt = records[2]
    expect(encrypt).toMatchObject({readOnly: true, resources: [{type: 'AWS::KMS::Key', ARN: keyArn}],
      requestParameters: {keyId: 'alias/audited', encryptionContext: {app: 'x'}}})
    expect(encrypt.additionalEventData.keyMaterialId).toMatch(/^[0-9a-f]{64}$/)
    expect(records[0]).toMatchObject({readOnly: false, responseElements: {keyMetadata: {arn: keyArn}}})
    expect(records[3].resources[0].ARN).toBe(keyArn)
  })

  it('records failures with errorCode and errorMessage', () => {
    expect(records[4]).toMatchObject({errorCode: 'InvalidCiphertextException'})
    expect(records[4].errorMessage).toBeTruthy()
  })

  it('never records plaintext, ciphertext or data keys', () => {
    const text = JSON.stringify(records)
    expect(text).not.toContain(secret)
    expect(text).not.toContain(Buffer.from(secret).toString('base64'))
    for (const r of records) {
      expect(r.requestParameters ?? {}).not.toHaveProperty('plaintext')
      expect(r.requestParameters ?? {}).not.toHaveProperty('ciphertextBlob')
    }
  })
})
