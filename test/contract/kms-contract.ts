/**
 * The KMS contract: what every way of reaching the local KMS must do, checked through the real
 * AWS SDK. Run in process (local.test.ts) and over HTTP against `kms local serve` (serve.test.ts).
 */
import {
  CancelKeyDeletionCommand, CreateAliasCommand, CreateGrantCommand, CreateKeyCommand, DecryptCommand, DeleteAliasCommand,
  DescribeKeyCommand, DisableKeyCommand, EnableKeyCommand, EncryptCommand, GenerateDataKeyCommand,
  GenerateDataKeyWithoutPlaintextCommand, GenerateRandomCommand, GetKeyPolicyCommand, KMSClient, ListAliasesCommand,
  ListKeyPoliciesCommand, ListKeysCommand, ListResourceTagsCommand, PutKeyPolicyCommand, ReEncryptCommand,
  ScheduleKeyDeletionCommand, TagResourceCommand, UntagResourceCommand, UpdateAliasCommand, UpdateKeyDescriptionCommand,
} from '@aws-sdk/client-kms'
import {beforeAll, describe, expect, it} from 'vitest'
import {expectAwsError} from '../helpers/expect-error.js'

export interface ContractTarget {
  /** A client signed with valid credentials for the given Region (default us-east-1). */
  client(region?: string): KMSClient
}

export function describeKmsContract(label: string, setup: () => Promise<ContractTarget> | ContractTarget): void {
  describe(`KMS contract (${label})`, () => {
    let kms: KMSClient
    let target: ContractTarget
    const newKey = async (Description = 'contract') => (await kms.send(new CreateKeyCommand({Description}))).KeyMetadata!

    beforeAll(async () => {
      target = await setup()
      kms = target.client()
    })

    describe('keys', () => {
      it('creates a symmetric key with AWS-shaped metadata and ARN', async () => {
        const key = await newKey('app data')
        expect(key.KeyId).toMatch(/^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/)
        expect(key.Arn).toMatch(new RegExp(`^arn:aws:kms:us-east-1:\\d{12}:key/${key.KeyId}$`))
        expect(key).toMatchObject({Description: 'app data', KeyState: 'Enabled', Enabled: true, KeySpec: 'SYMMETRIC_DEFAULT',
          KeyUsage: 'ENCRYPT_DECRYPT', Origin: 'AWS_KMS', KeyManager: 'CUSTOMER', MultiRegion: false, EncryptionAlgorithms: ['SYMMETRIC_DEFAULT']})
        expect(key.CreationDate).toBeInstanceOf(Date)
        expect(key.CurrentKeyMaterialId).toMatch(/^[0-9a-f]{64}$/)
      })

      it('describes a key by key ID, key ARN, alias name and alias ARN', async () => {
        const key = await newKey()
        const alias = `alias/describe-${Date.now()}`
        await kms.send(new CreateAliasCommand({AliasName: alias, TargetKeyId: key.KeyId}))
        const aliasArn = key.Arn!.replace(/key\/.*/, alias)
        for (const id of [key.KeyId, key.Arn, alias, aliasArn]) {
          expect((await kms.send(new DescribeKeyCommand({KeyId: id}))).KeyMetadata!.KeyId).toBe(key.KeyId)
        }
      })

      it('answers NotFoundException for unknown keys and aliases, and ValidationException for an empty key ID', async () => {
        await expectAwsError(kms.send(new DescribeKeyCommand({KeyId: '00000000-0000-0000-0000-000000000000'})), 'NotFoundException', /does not exist/)
        await expectAwsError(kms.send(new DescribeKeyCommand({KeyId: 'alias/no-such-alias'})), 'NotFoundException', /is not found/)
        await expectAwsError(kms.send(new DescribeKeyCommand({KeyId: ''})), 'ValidationException')
      })

      it('keeps Regions apart: a key in one Region is not found in another', async () => {
        const key = await newKey()
        await expectAwsError(target.client('eu-west-1').send(new DescribeKeyCommand({KeyId: key.KeyId})), 'NotFoundException')
        const other = (await target.client('eu-west-1').send(new CreateKeyCommand({}))).KeyMetadata!
        expect(other.Arn).toContain(':eu-west-1:')
      })

      it('pages ListKeys with Limit and Marker until Truncated is false', async () => {
        await newKey()
        await newKey()
        const seen: string[] = []
        let Marker: string | undefined
        let pages = 0
        do {
          const page = await kms.send(new ListKeysCommand({Limit: 1, Marker}))
          expect(page.Keys).toHaveLength(1)
          seen.push(page.Keys![0].KeyId!)
          Marker = page.Truncated ? page.NextMarker : undefined
          expect(page.Truncated ? page.NextMarker : 'none').toBeTruthy()
          pages++
        } while (Marker)
        const all = await kms.send(new ListKeysCommand({}))
        expect(seen).toEqual(all.Keys!.map(k => k.KeyId))
        expect(pages).toBeGreaterThanOrEqual(2)
        await expectAwsError(kms.send(new ListKeysCommand({Marker: 'bogus!'})), 'InvalidMarkerException')
        await expectAwsError(kms.send(new ListKeysCommand({Limit: 0})), 'ValidationException')
        await expectAwsError(kms.send(new ListKeysCommand({Limit: 1001})), 'ValidationException')
      })

      it('disables and enables a key; a disabled key refuses to encrypt with DisabledException', async () => {
        const key = await newKey()
        await kms.send(new DisableKeyCommand({KeyId: key.KeyId}))
        expect((await kms.send(new DescribeKeyCommand({KeyId: key.KeyId}))).KeyMetadata).toMatchObject({KeyState: 'Disabled', Enabled: false})
        await expectAwsError(kms.send(new EncryptCommand({KeyId: key.KeyId, Plaintext: Buffer.from('x')})), 'DisabledException', /is disabled/)
        await kms.send(new EnableKeyCommand({KeyId: key.KeyId}))
        await kms.send(new EncryptCommand({KeyId: key.KeyId, Plaintext: Buffer.from('x')}))
      })

      it('schedules deletion in 7–30 days (default 30), blocks use, and cancels back to Disabled', async () => {
        const key = await newKey()
        await expectAwsError(kms.send(new ScheduleKeyDeletionCommand({KeyId: key.KeyId, PendingWindowInDays: 6})), 'ValidationException')
        await expectAwsError(kms.send(new ScheduleKeyDeletionCommand({KeyId: key.KeyId, PendingWindowInDays: 31})), 'ValidationException')
        const before = Date.now()
        const scheduled = await kms.send(new ScheduleKeyDeletionCommand({KeyId: key.KeyId}))
        expect(scheduled).toMatchObject({KeyId: key.Arn, KeyState: 'PendingDeletion', PendingWindowInDays: 30})
        expect(scheduled.DeletionDate!.getTime() - before).toBeGreaterThan(29.9 * 86_400_000)
        const described = (await kms.send(new DescribeKeyCommand({KeyId: key.KeyId}))).KeyMetadata!
        expect(described).toMatchObject({KeyState: 'PendingDeletion', Enabled: false, PendingDeletionWindowInDays: 30})
        await expectAwsError(kms.send(new EncryptCommand({KeyId: key.KeyId, Plaintext: Buffer.from('x')})), 'KMSInvalidStateException', /pending deletion/)
        await expectAwsError(kms.send(new EnableKeyCommand({KeyId: key.KeyId})), 'KMSInvalidStateException')
        await expectAwsError(kms.send(new ScheduleKeyDeletionCommand({KeyId: key.KeyId, PendingWindowInDays: 7})), 'KMSInvalidStateException')
        expect(await kms.send(new CancelKeyDeletionCommand({KeyId: key.KeyId}))).toMatchObject({KeyId: key.Arn})
        expect((await kms.send(new DescribeKeyCommand({KeyId: key.KeyId}))).KeyMetadata).toMatchObject({KeyState: 'Disabled'})
        await expectAwsError(kms.send(new CancelKeyDeletionCommand({KeyId: key.KeyId})), 'KMSInvalidStateException')
      })

      it('updates the description', async () => {
        const key = await newKey('old')
        await kms.send(new UpdateKeyDescriptionCommand({KeyId: key.KeyId, Description: 'new'}))
        expect((await kms.send(new DescribeKeyCommand({KeyId: key.KeyId}))).KeyMetadata!.Description).toBe('new')
      })

      it('answers UnsupportedOperationException for an AWS operation the engine lacks, and ValidationException for unsupported specs', async () => {
        const key = await newKey()
        await expectAwsError(kms.send(new CreateGrantCommand({KeyId: key.KeyId, GranteePrincipal: 'arn:aws:iam::111122223333:root', Operations: ['Decrypt']})),
          'UnsupportedOperationException')
      })
    })

    describe('tags', () => {
      it('tags, lists and untags a key', async () => {
        const key = await newKey()
        await kms.send(new TagResourceCommand({KeyId: key.KeyId, Tags: [{TagKey: 'env', TagValue: 'test'}, {TagKey: 'team', TagValue: 'a'}]}))
        await kms.send(new TagResourceCommand({KeyId: key.KeyId, Tags: [{TagKey: 'team', TagValue: 'b'}]}))
        expect((await kms.send(new ListResourceTagsCommand({KeyId: key.KeyId}))).Tags).toEqual([{TagKey: 'env', TagValue: 'test'}, {TagKey: 'team', TagValue: 'b'}])
        await kms.send(new UntagResourceCommand({KeyId: key.KeyId, TagKeys: ['team']}))
        expect((await kms.send(new ListResourceTagsCommand({KeyId: key.KeyId}))).Tags).toEqual([{TagKey: 'env', TagValue: 'test'}])
      })

      it('refuses reserved aws: tags and more than 50 tags with TagException', async () => {
        const key = await newKey()
        await expectAwsError(kms.send(new TagResourceCommand({KeyId: key.KeyId, Tags: [{TagKey: 'aws:x', TagValue: 'y'}]})), 'TagException')
        const tags = Array.from({length: 50}, (_, i) => ({TagKey: `k${i}`, TagValue: 'v'}))
        await kms.send(new TagResourceCommand({KeyId: key.KeyId, Tags: tags}))
        await expectAwsError(kms.send(new TagResourceCommand({KeyId: key.KeyId, Tags: [{TagKey: 'one-more', TagValue: 'v'}]})), 'TagException')
        expect((await kms.send(new ListResourceTagsCommand({KeyId: key.KeyId}))).Tags).toHaveLength(50)
      })
    })

    describe('aliases', () => {
      it('creates, lists (all and by key), updates and deletes aliases', async () => {
        const [a, b] = [await newKey(), await newKey()]
        const name = `alias/move-${Date.now()}`
        await kms.send(new CreateAliasCommand({AliasName: name, TargetKeyId: a.Arn}))
        await expectAwsError(kms.send(new CreateAliasCommand({AliasName: name, TargetKeyId: b.KeyId})), 'AlreadyExistsException')
        const byKey = (await kms.send(new ListAliasesCommand({KeyId: a.KeyId}))).Aliases!
        expect(byKey.map(x => x.AliasName)).toEqual([name])
        expect(byKey[0]).toMatchObject({TargetKeyId: a.KeyId, AliasArn: a.Arn!.replace(/key\/.*/, name)})
        await kms.send(new UpdateAliasCommand({AliasName: name, TargetKeyId: b.KeyId}))
        expect((await kms.send(new DescribeKeyCommand({KeyId: name}))).KeyMetadata!.KeyId).toBe(b.KeyId)
        await kms.send(new DeleteAliasCommand({AliasName: name}))
        await expectAwsError(kms.send(new DescribeKeyCommand({KeyId: name})), 'NotFoundException')
        await expectAwsError(kms.send(new DeleteAliasCommand({AliasName: name})), 'NotFoundException')
      })

      it('moves an alias only to a key of the same type and key usage (UpdateAlias), as AWS does', async () => {
        const symmetric = await newKey()
        const name = `alias/kind-${symmetric.KeyId}`
        await kms.send(new CreateAliasCommand({AliasName: name, TargetKeyId: symmetric.KeyId}))
        const hmac = (await kms.send(new CreateKeyCommand({KeySpec: 'HMAC_256', KeyUsage: 'GENERATE_VERIFY_MAC'}))).KeyMetadata!
        const signing = (await kms.send(new CreateKeyCommand({KeySpec: 'ECC_NIST_P256', KeyUsage: 'SIGN_VERIFY'}))).KeyMetadata!
        const rsaDecrypt = (await kms.send(new CreateKeyCommand({KeySpec: 'RSA_2048', KeyUsage: 'ENCRYPT_DECRYPT'}))).KeyMetadata!
        for (const other of [hmac, signing, rsaDecrypt]) {
          await expectAwsError(kms.send(new UpdateAliasCommand({AliasName: name, TargetKeyId: other.KeyId})), 'ValidationException')
        }
        expect((await kms.send(new DescribeKeyCommand({KeyId: name}))).KeyMetadata!.KeyId).toBe(symmetric.KeyId)
        // Same type and usage, other family: RSA to ECC signing keys is allowed.
        const rsaSigning = (await kms.send(new CreateKeyCommand({KeySpec: 'RSA_2048', KeyUsage: 'SIGN_VERIFY'}))).KeyMetadata!
        await kms.send(new CreateAliasCommand({AliasName: `${name}-sign`, TargetKeyId: signing.KeyId}))
        await kms.send(new UpdateAliasCommand({AliasName: `${name}-sign`, TargetKeyId: rsaSigning.KeyId}))
        expect((await kms.send(new DescribeKeyCommand({KeyId: `${name}-sign`}))).KeyMetadata!.KeyId).toBe(rsaSigning.KeyId)
      })

      it('refuses malformed alias names with ValidationException', async () => {
        const key = await newKey()
        await expectAwsError(kms.send(new CreateAliasCommand({AliasName: 'alias/has space', TargetKeyId: key.KeyId})), 'ValidationException')
        await expectAwsError(kms.send(new CreateAliasCommand({AliasName: 'no-prefix', TargetKeyId: key.KeyId})), 'ValidationException')
      })

      it('pages ListAliases', async () => {
        const key = await newKey()
        for (const n of [1, 2, 3]) await kms.send(new CreateAliasCommand({AliasName: `alias/page-${n}-${key.KeyId}`, TargetKeyId: key.KeyId}))
        const first = await kms.send(new ListAliasesCommand({KeyId: key.KeyId, Limit: 2}))
        expect(first).toMatchObject({Truncated: true})
        const second = await kms.send(new ListAliasesCommand({KeyId: key.KeyId, Limit: 2, Marker: first.NextMarker}))
        expect(second.Truncated).toBe(false)
        expect([...first.Aliases!, ...second.Aliases!]).toHaveLength(3)
      })

      it('pages ListAliases by 50 unless asked (Limit 1 to 100) and ListResourceTags by at most 50, as KMS documents', async () => {
        const key = await newKey()
        for (let n = 0; n < 51; n++) await kms.send(new CreateAliasCommand({AliasName: `alias/many-${n}-${key.KeyId}`, TargetKeyId: key.KeyId}))
        const page = await kms.send(new ListAliasesCommand({KeyId: key.KeyId}))
        expect({count: page.Aliases!.length, truncated: page.Truncated}).toEqual({count: 50, truncated: true})
        expect((await kms.send(new ListAliasesCommand({KeyId: key.KeyId, Limit: 100}))).Aliases).toHaveLength(51)
        await expectAwsError(kms.send(new ListAliasesCommand({Limit: 101})), 'ValidationException')
        await expectAwsError(kms.send(new ListResourceTagsCommand({KeyId: key.KeyId, Limit: 51})), 'ValidationException')
      })
    })

    describe('cryptographic operations', () => {
      it('encrypts and decrypts with an encryption context, without a KeyId on decrypt', async () => {
        const key = await newKey()
        const {CiphertextBlob, KeyId} = await kms.send(new EncryptCommand({KeyId: key.KeyId, Plaintext: Buffer.from('secret'), EncryptionContext: {purpose: 'test'}}))
        expect(KeyId).toBe(key.Arn)
        const out = await kms.send(new DecryptCommand({CiphertextBlob, EncryptionContext: {purpose: 'test'}}))
        expect(Buffer.from(out.Plaintext!).toString()).toBe('secret')
        expect(out).toMatchObject({KeyId: key.Arn, EncryptionAlgorithm: 'SYMMETRIC_DEFAULT'})
      })

      it('fails with InvalidCiphertextException on a wrong context or any changed byte', async () => {
        const key = await newKey()
        const {CiphertextBlob} = await kms.send(new EncryptCommand({KeyId: key.KeyId, Plaintext: Buffer.from('secret'), EncryptionContext: {a: '1'}}))
        await expectAwsError(kms.send(new DecryptCommand({CiphertextBlob, EncryptionContext: {a: '2'}})), 'InvalidCiphertextException')
        await expectAwsError(kms.send(new DecryptCommand({CiphertextBlob})), 'InvalidCiphertextException')
        for (const at of [0, 10, 40, 70, 85, CiphertextBlob!.length - 1]) {
          const tampered = Buffer.from(CiphertextBlob!)
          tampered[at] ^= 1
          await expectAwsError(kms.send(new DecryptCommand({CiphertextBlob: tampered, EncryptionContext: {a: '1'}})), 'InvalidCiphertextException')
        }
        await expectAwsError(kms.send(new DecryptCommand({CiphertextBlob: Buffer.concat([CiphertextBlob!, Buffer.of(0)]), EncryptionContext: {a: '1'}})), 'InvalidCiphertextException')
      })

      it('names the wrong key with IncorrectKeyException', async () => {
        const [a, b] = [await newKey(), await newKey()]
        const {CiphertextBlob} = await kms.send(new EncryptCommand({KeyId: a.KeyId, Plaintext: Buffer.from('x')}))
        await expectAwsError(kms.send(new DecryptCommand({CiphertextBlob, KeyId: b.KeyId})), 'IncorrectKeyException')
        expect((await kms.send(new DecryptCommand({CiphertextBlob, KeyId: a.Arn}))).KeyId).toBe(a.Arn)
      })

      it('limits plaintext to 1–4096 bytes', async () => {
        const key = await newKey()
        await kms.send(new EncryptCommand({KeyId: key.KeyId, Plaintext: Buffer.alloc(4096)}))
        await expectAwsError(kms.send(new EncryptCommand({KeyId: key.KeyId, Plaintext: Buffer.alloc(4097)})), 'ValidationException')
        await expectAwsError(kms.send(new EncryptCommand({KeyId: key.KeyId, Plaintext: Buffer.alloc(0)})), 'ValidationException')
      })

      it('re-encrypts under another key and context', async () => {
        const [a, b] = [await newKey(), await newKey()]
        const {CiphertextBlob} = await kms.send(new EncryptCommand({KeyId: a.KeyId, Plaintext: Buffer.from('move me'), EncryptionContext: {x: '1'}}))
        const re = await kms.send(new ReEncryptCommand({CiphertextBlob, SourceEncryptionContext: {x: '1'}, DestinationKeyId: b.KeyId, DestinationEncryptionContext: {y: '2'}}))
        expect(re).toMatchObject({SourceKeyId: a.Arn, KeyId: b.Arn})
        const out = await kms.send(new DecryptCommand({CiphertextBlob: re.CiphertextBlob, EncryptionContext: {y: '2'}}))
        expect(Buffer.from(out.Plaintext!).toString()).toBe('move me')
        expect(out.KeyId).toBe(b.Arn)
      })

      it('generates data keys by KeySpec or NumberOfBytes, with and without plaintext', async () => {
        const key = await newKey()
        const d256 = await kms.send(new GenerateDataKeyCommand({KeyId: key.KeyId, KeySpec: 'AES_256', EncryptionContext: {f: 'g'}}))
        expect(d256.Plaintext).toHaveLength(32)
        const back = await kms.send(new DecryptCommand({CiphertextBlob: d256.CiphertextBlob, EncryptionContext: {f: 'g'}}))
        expect(Buffer.from(back.Plaintext!).equals(Buffer.from(d256.Plaintext!))).toBe(true)
        expect((await kms.send(new GenerateDataKeyCommand({KeyId: key.KeyId, KeySpec: 'AES_128'}))).Plaintext).toHaveLength(16)
        expect((await kms.send(new GenerateDataKeyCommand({KeyId: key.KeyId, NumberOfBytes: 64}))).Plaintext).toHaveLength(64)
        await expectAwsError(kms.send(new GenerateDataKeyCommand({KeyId: key.KeyId})), 'ValidationException')
        await expectAwsError(kms.send(new GenerateDataKeyCommand({KeyId: key.KeyId, KeySpec: 'AES_256', NumberOfBytes: 32})), 'ValidationException')
        await expectAwsError(kms.send(new GenerateDataKeyCommand({KeyId: key.KeyId, NumberOfBytes: 1025})), 'ValidationException')
        const without = await kms.send(new GenerateDataKeyWithoutPlaintextCommand({KeyId: key.KeyId, KeySpec: 'AES_256'}))
        expect(without.Plaintext).toBeUndefined()
        expect((await kms.send(new DecryptCommand({CiphertextBlob: without.CiphertextBlob}))).Plaintext).toHaveLength(32)
      })

      it('generates 1–1024 random bytes', async () => {
        expect((await kms.send(new GenerateRandomCommand({NumberOfBytes: 1024}))).Plaintext).toHaveLength(1024)
        await expectAwsError(kms.send(new GenerateRandomCommand({NumberOfBytes: 0})), 'ValidationException')
        await expectAwsError(kms.send(new GenerateRandomCommand({NumberOfBytes: 1025})), 'ValidationException')
      })
    })

    describe('key policies', () => {
      it('gives new keys the default policy and stores a valid replacement', async () => {
        const key = await newKey()
        const {Policy} = await kms.send(new GetKeyPolicyCommand({KeyId: key.KeyId, PolicyName: 'default'}))
        const doc = JSON.parse(Policy!)
        expect(doc.Statement[0]).toMatchObject({Effect: 'Allow', Action: 'kms:*', Principal: {AWS: `arn:aws:iam::${key.AWSAccountId}:root`}})
        doc.Statement[0].Sid = 'Edited'
        await kms.send(new PutKeyPolicyCommand({KeyId: key.KeyId, PolicyName: 'default', Policy: JSON.stringify(doc)}))
        expect(JSON.parse((await kms.send(new GetKeyPolicyCommand({KeyId: key.KeyId}))).Policy!).Statement[0].Sid).toBe('Edited')
        expect((await kms.send(new ListKeyPoliciesCommand({KeyId: key.KeyId}))).PolicyNames).toEqual(['default'])
      })

      it('refuses malformed policies with MalformedPolicyDocumentException', async () => {
        const key = await newKey()
        for (const Policy of ['{"Statement": 5}', 'not json', '{"Statement":[{"Effect":"Maybe","Principal":"*","Action":"kms:*"}]}',
          '{"Statement":[{"Effect":"Allow","Action":"kms:*"}]}']) {
          await expectAwsError(kms.send(new PutKeyPolicyCommand({KeyId: key.KeyId, PolicyName: 'default', Policy})), 'MalformedPolicyDocumentException')
        }
        await expectAwsError(kms.send(new CreateKeyCommand({Policy: '{"Statement": []}'})), 'MalformedPolicyDocumentException')
      })

      it('refuses a policy that would lock the caller out of changing it again, unless BypassPolicyLockoutSafetyCheck', async () => {
        const key = await newKey()
        const policyFor = (principal: unknown, action: unknown = 'kms:*', extra: object[] = []) => JSON.stringify({Version: '2012-10-17',
          Statement: [{Sid: 'Only', Effect: 'Allow', Principal: principal, Action: action, Resource: '*'}, ...extra]})
        const otherAccount = policyFor({AWS: 'arn:aws:iam::111122223333:root'})
        const lockouts = [otherAccount, policyFor({AWS: `arn:aws:iam::${key.AWSAccountId}:root`}, ['kms:Encrypt', 'kms:Decrypt']),
          policyFor('*', 'kms:*', [{Effect: 'Deny', Principal: '*', Action: 'kms:PutKeyPolicy', Resource: '*'}])]
        for (const Policy of lockouts) {
          await expectAwsError(kms.send(new PutKeyPolicyCommand({KeyId: key.KeyId, PolicyName: 'default', Policy})), 'MalformedPolicyDocumentException')
        }
        await expectAwsError(kms.send(new CreateKeyCommand({Policy: otherAccount})), 'MalformedPolicyDocumentException')
        // What keeps the caller in: its account's root (IAM decides), the account ID, a pattern of actions, any principal.
        // A Deny that names other resources does not apply to this key.
        const otherKeyDeny = policyFor('*', 'kms:*', [{Effect: 'Deny', Principal: '*', Action: 'kms:*', Resource: `${key.Arn}-other`}])
        for (const Policy of [policyFor({AWS: key.AWSAccountId}, 'kms:Put*'), policyFor('*', ['kms:PutKeyPolicy', 'kms:GetKeyPolicy']), otherKeyDeny]) {
          await kms.send(new PutKeyPolicyCommand({KeyId: key.KeyId, PolicyName: 'default', Policy}))
        }
        await kms.send(new PutKeyPolicyCommand({KeyId: key.KeyId, PolicyName: 'default', Policy: otherAccount, BypassPolicyLockoutSafetyCheck: true}))
        expect(JSON.parse((await kms.send(new GetKeyPolicyCommand({KeyId: key.KeyId}))).Policy!).Statement[0].Principal).toEqual({AWS: 'arn:aws:iam::111122223333:root'})
        expect((await kms.send(new CreateKeyCommand({Policy: otherAccount, BypassPolicyLockoutSafetyCheck: true}))).KeyMetadata!.KeyId).toBeDefined()
      })
    })
  })
}
