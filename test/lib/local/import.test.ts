import {
  CreateKeyCommand, DescribeKeyCommand, EncryptCommand, GetParametersForImportCommand, ImportKeyMaterialCommand, ListKeyRotationsCommand,
} from '@aws-sdk/client-kms'
import {randomBytes} from 'node:crypto'
import {describe, expect, it} from 'vitest'
import {readRecords} from '../../../src/lib/local/audit.js'
import {wrapKeyMaterial} from '../../../src/lib/import-material.js'
import {expectAwsError} from '../../helpers/expect-error.js'
import {DAY, timeMachine} from './time-travel.js'

describe('imported key material with the engine clock', () => {
  it('deletes material when its ValidTo passes: the key goes back to PendingImport with a DeleteExpiredKeyMaterial service event', async () => {
    const time = timeMachine()
    const kms = time.client()
    const key = (await kms.send(new CreateKeyCommand({Origin: 'EXTERNAL'}))).KeyMetadata!
    const params = await kms.send(new GetParametersForImportCommand({KeyId: key.KeyId, WrappingAlgorithm: 'RSAES_OAEP_SHA_256', WrappingKeySpec: 'RSA_2048'}))
    const imported = await kms.send(new ImportKeyMaterialCommand({KeyId: key.KeyId, ImportToken: params.ImportToken,
      EncryptedKeyMaterial: wrapKeyMaterial(params.PublicKey!, 'RSAES_OAEP_SHA_256', randomBytes(32)), ValidTo: new Date(time.now.getTime() + 10 * DAY)}))
    time.advance(9 * DAY)
    await kms.send(new EncryptCommand({KeyId: key.KeyId, Plaintext: Buffer.from('x')}))
    time.advance(DAY + 1000)
    await expectAwsError(kms.send(new EncryptCommand({KeyId: key.KeyId, Plaintext: Buffer.from('x')})), 'KMSInvalidStateException', /pending import/)
    const described = (await kms.send(new DescribeKeyCommand({KeyId: key.KeyId}))).KeyMetadata!
    expect(described.KeyState).toBe('PendingImport')
    expect(described.ValidTo).toBeUndefined()
    const all = await kms.send(new ListKeyRotationsCommand({KeyId: key.KeyId, IncludeKeyMaterial: 'ALL_KEY_MATERIAL'}))
    expect(all.Rotations![0]).toMatchObject({KeyMaterialId: imported.KeyMaterialId, ImportState: 'PENDING_IMPORT'})
    const events = readRecords(time.engine()).filter(r => r.eventName === 'DeleteExpiredKeyMaterial')
    expect(events).toEqual([expect.objectContaining({eventType: 'AwsServiceEvent',
      serviceEventDetails: {keyId: key.KeyId, keyMaterialId: imported.KeyMaterialId}})])
  })

  it('refuses an import token older than 24 hours with ExpiredImportTokenException', async () => {
    const time = timeMachine()
    const kms = time.client()
    const key = (await kms.send(new CreateKeyCommand({Origin: 'EXTERNAL'}))).KeyMetadata!
    const params = await kms.send(new GetParametersForImportCommand({KeyId: key.KeyId, WrappingAlgorithm: 'RSA_AES_KEY_WRAP_SHA_1', WrappingKeySpec: 'RSA_2048'}))
    expect(params.ParametersValidTo!.getTime()).toBe(time.now.getTime() + DAY)
    time.advance(DAY + 1000)
    await expectAwsError(kms.send(new ImportKeyMaterialCommand({KeyId: key.KeyId, ImportToken: params.ImportToken,
      EncryptedKeyMaterial: wrapKeyMaterial(params.PublicKey!, 'RSA_AES_KEY_WRAP_SHA_1', randomBytes(32))})), 'ExpiredImportTokenException')
  })
})
