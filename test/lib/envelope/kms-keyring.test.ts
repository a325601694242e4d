import {mkdtempSync} from 'node:fs'
import {tmpdir} from 'node:os'
import {join} from 'node:path'
import {Readable} from 'node:stream'
import {CommitmentPolicy, KmsKeyringNode, buildClient} from '@aws-crypto/client-node'
import {CreateAliasCommand, CreateKeyCommand, DecryptCommand, EncryptCommand, GenerateDataKeyCommand, KMSClient} from '@aws-sdk/client-kms'
import {beforeAll, describe, expect, it} from 'vitest'
import {createKmsClient} from '../../../src/lib/clients.js'
import {IntegrityError, UsageError} from '../../../src/lib/errors.js'
import {createKmsKeyring, decryptBuffer, encryptBuffer, inspectMessage} from '../../../src/lib/envelope/index.js'
import {matchKeyArns} from '../../../src/lib/envelope/kms-arn.js'
import {randomPlaintext} from './fixtures.js'

const sdk = buildClient(CommitmentPolicy.REQUIRE_ENCRYPT_REQUIRE_DECRYPT)
let client: KMSClient
let keyA: string
let keyB: string
let keyC: string

/** KmsKeyringNode calls v2-style methods (client.decrypt(input)); our KMSClient answers them. */
function toEsdkClient(kms: KMSClient): never {
  return {
    decrypt: (input: never) => kms.send(new DecryptCommand(input)),
    encrypt: (input: never) => kms.send(new EncryptCommand(input)),
    generateDataKey: (input: never) => kms.send(new GenerateDataKeyCommand(input)),
  } as never
}

beforeAll(async () => {
  client = createKmsClient({backend: 'local', home: mkdtempSync(join(tmpdir(), 'kms-home-'))})
  const create = async () => (await client.send(new CreateKeyCommand({}))).KeyMetadata!.Arn!
  keyA = await create()
  keyB = await create()
  keyC = await create()
  await client.send(new CreateAliasCommand({AliasName: 'alias/envelope-test', TargetKeyId: keyA}))
})

describe('KMS keyring against the local KMS', () => {
  const plaintext = randomPlaintext(10_000)
  const context = {purpose: 'kms-keyring'}

  it('writes one EDK per key, provider aws-kms, with the key ARN as provider info (FORMAT.md §KMS keyring)', async () => {
    const {ciphertext} = await encryptBuffer(plaintext, {keyrings: [createKmsKeyring({keyIds: ['alias/envelope-test', keyB], client})], encryptionContext: context})
    const info = await inspectMessage(Readable.from([ciphertext]))
    expect(info.EncryptedDataKeys).toEqual([
      {ProviderId: 'aws-kms', ProviderInfo: keyA, KeyArn: keyA},
      {ProviderId: 'aws-kms', ProviderInfo: keyB, KeyArn: keyB},
    ])
  })

  it('decrypts with either key alone, and fails with another key (FORMAT.md §KMS keyring)', async () => {
    const {ciphertext} = await encryptBuffer(plaintext, {keyrings: [createKmsKeyring({keyIds: [keyA, keyB], client})], encryptionContext: context})
    for (const key of [keyA, keyB]) {
      const {plaintext: out} = await decryptBuffer(ciphertext, {keyrings: [createKmsKeyring({keyIds: [key], client})]})
      expect(out.equals(plaintext)).toBe(true)
    }
    await expect(decryptBuffer(ciphertext, {keyrings: [createKmsKeyring({keyIds: [keyC], client})]})).rejects.toBeInstanceOf(IntegrityError)
  })

  it('decrypts in discovery mode only within its account filter (FORMAT.md §KMS keyring)', async () => {
    const {ciphertext} = await encryptBuffer(plaintext, {keyrings: [createKmsKeyring({keyIds: [keyA], client})]})
    const account = keyA.split(':')[4]
    const found = await decryptBuffer(ciphertext, {keyrings: [createKmsKeyring({discovery: true, discoveryFilter: {accountIds: [account], partition: 'aws'}, client})]})
    expect(found.plaintext.equals(plaintext)).toBe(true)
    const filtered = createKmsKeyring({discovery: true, discoveryFilter: {accountIds: ['000000000000'], partition: 'aws'}, client})
    await expect(decryptBuffer(ciphertext, {keyrings: [filtered]})).rejects.toBeInstanceOf(IntegrityError)
  })

  it('refuses an alias as a decrypt key, with a hint (FORMAT.md §KMS keyring)', async () => {
    const {ciphertext} = await encryptBuffer(plaintext, {keyrings: [createKmsKeyring({keyIds: [keyA], client})]})
    await expect(decryptBuffer(ciphertext, {keyrings: [createKmsKeyring({keyIds: ['alias/envelope-test'], client})]})).rejects.toBeInstanceOf(UsageError)
  })

  it('is read by @aws-crypto/client-node KmsKeyringNode through our client (FORMAT.md §Interoperability)', async () => {
    const {ciphertext} = await encryptBuffer(plaintext, {keyrings: [createKmsKeyring({keyIds: [keyA, keyB], client})], encryptionContext: context})
    const keyring = new KmsKeyringNode({keyIds: [keyB], clientProvider: () => toEsdkClient(client)})
    const result = await sdk.decrypt(keyring, ciphertext)
    expect(Buffer.from(result.plaintext).equals(plaintext)).toBe(true)
  })

  it('reads what @aws-crypto/client-node KmsKeyringNode writes through our client (FORMAT.md §Interoperability)', async () => {
    const keyring = new KmsKeyringNode({generatorKeyId: keyA, keyIds: [keyB], clientProvider: () => toEsdkClient(client)})
    const {result} = await sdk.encrypt(keyring, plaintext, {encryptionContext: context})
    for (const key of [keyA, keyB]) {
      const {plaintext: out} = await decryptBuffer(result, {keyrings: [createKmsKeyring({keyIds: [key], client})]})
      expect(out.equals(plaintext)).toBe(true)
    }
  })
})

describe('multi-Region keys (with a recording KMS stand-in; the local KMS has no replicas yet)', () => {
  const east = 'arn:aws:kms:us-east-1:111122223333:key/mrk-1234abcd'
  const west = 'arn:aws:kms:us-west-2:111122223333:key/mrk-1234abcd'

  function createRecordingClients(): {calls: Array<{region: string; keyId: string}>; clientForRegion: (region: string) => KMSClient} {
    const calls: Array<{region: string; keyId: string}> = []
    const clientForRegion = (region: string) => ({
      send: async (command: DecryptCommand) => {
        calls.push({region, keyId: command.input.KeyId!})
        return {KeyId: command.input.KeyId, Plaintext: new Uint8Array(32).fill(5)}
      },
    }) as unknown as KMSClient
    return {calls, clientForRegion}
  }
  const edk = {providerId: 'aws-kms', providerInfo: Buffer.from(east), ciphertext: Buffer.alloc(10)}
  const suite = {keyLength: 32} as never

  it('matches an mrk- key across Regions and calls the given replica in its own Region (FORMAT.md §KMS keyring)', async () => {
    const {calls, clientForRegion} = createRecordingClients()
    const keyring = createKmsKeyring({keyIds: [west], client: clientForRegion('default'), clientForRegion})
    const key = await keyring.unwrapDataKey({suite, encryptionContext: {}, encryptedDataKeys: [edk]})
    expect(key?.length).toBe(32)
    expect(calls).toEqual([{region: 'us-west-2', keyId: west}])
  })

  it('never matches single-Region keys across Regions (FORMAT.md §KMS keyring)', () => {
    expect(matchKeyArns(east, west)).toBe(true)
    expect(matchKeyArns('arn:aws:kms:us-east-1:111122223333:key/1234', 'arn:aws:kms:us-west-2:111122223333:key/1234')).toBe(false)
    expect(matchKeyArns(east, 'arn:aws:kms:us-west-2:444455556666:key/mrk-1234abcd')).toBe(false)
  })

  it('in discovery mode calls an EDK key in its own Region, or the discovery Region for mrk- keys (FORMAT.md §KMS keyring)', async () => {
    const first = createRecordingClients()
    await createKmsKeyring({discovery: true, client: first.clientForRegion('default'), clientForRegion: first.clientForRegion}).unwrapDataKey({suite, encryptionContext: {}, encryptedDataKeys: [edk]})
    expect(first.calls).toEqual([{region: 'us-east-1', keyId: east}])
    const second = createRecordingClients()
    await createKmsKeyring({discovery: true, discoveryRegion: 'us-west-2', client: second.clientForRegion('default'), clientForRegion: second.clientForRegion})
      .unwrapDataKey({suite, encryptionContext: {}, encryptedDataKeys: [edk]})
    expect(second.calls).toEqual([{region: 'us-west-2', keyId: west}])
  })
})
