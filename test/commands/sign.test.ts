import {DecryptCommand} from '@aws-sdk/client-kms'
import {readFileSync, writeFileSync} from 'node:fs'
import {join} from 'node:path'
import {beforeAll, describe, expect, it} from 'vitest'
import DataKey from '../../src/commands/data-key.js'
import KeysCreate from '../../src/commands/keys/create.js'
import MacGenerate from '../../src/commands/mac/generate.js'
import MacVerify from '../../src/commands/mac/verify.js'
import PublicKey from '../../src/commands/public-key.js'
import Sign from '../../src/commands/sign.js'
import Verify from '../../src/commands/verify.js'
import {createKmsClient} from '../../src/lib/clients.js'
import {openssl, runCommand, useLocalHome} from './run-command.js'

let home: string
const file = (name: string) => join(home, name)

async function createKey(...flags: string[]): Promise<string> {
  const {json, exitCode, stderr} = await runCommand(KeysCreate, [...flags, '--json'])
  expect(exitCode, stderr).toBe(0)
  return json.KeyMetadata.KeyId
}

describe('kms sign, verify, public-key, mac and data-key', () => {
  beforeAll(() => {
    home = useLocalHome()
    writeFileSync(file('message.txt'), 'release 1.2.3\n')
    writeFileSync(file('big.bin'), Buffer.alloc(10_000, 'x'))
  })

  // [spec, algorithm, openssl dgst options]
  const cases = [
    ['RSA_2048', 'RSASSA_PKCS1_V1_5_SHA_256', ['-sha256']],
    ['RSA_3072', 'RSASSA_PSS_SHA_384', ['-sha384', '-sigopt', 'rsa_padding_mode:pss', '-sigopt', 'rsa_pss_saltlen:48']],
    ['ECC_NIST_P256', 'ECDSA_SHA_256', ['-sha256']],
    ['ECC_NIST_P521', 'ECDSA_SHA_512', ['-sha512']],
    ['ECC_SECG_P256K1', 'ECDSA_SHA_256', ['-sha256']],
  ] as const
  for (const [spec, algorithm, dgst] of cases) {
    it(`makes ${spec} ${algorithm} signatures that openssl dgst -verify accepts with the key from kms public-key (GetPublicKey is DER SPKI)`, async () => {
      const key = await createKey('--spec', spec, '--usage', 'SIGN_VERIFY')
      expect((await runCommand(PublicKey, [key, '-o', file(`${spec}.pem`)])).exitCode).toBe(0)
      for (const input of ['message.txt', 'big.bin']) {
        const signed = await runCommand(Sign, [key, file(input), '--algorithm', algorithm, '-o', file(`${spec}.sig`), '--force', '--json'])
        expect(signed.json).toMatchObject({SigningAlgorithm: algorithm, MessageType: input === 'big.bin' ? 'DIGEST' : 'RAW'})
        expect(openssl(['dgst', ...dgst, '-verify', file(`${spec}.pem`), '-signature', file(`${spec}.sig`), file(input)])).toContain('Verified OK')
        const verified = await runCommand(Verify, [key, file(input), '--signature', file(`${spec}.sig`), '--algorithm', algorithm])
        expect(verified.exitCode).toBe(0)
        expect(verified.stdout).toContain('Signature valid')
      }
    })
  }

  it('makes Ed25519 signatures that openssl pkeyutl -verify -rawin accepts, choosing the key\'s first algorithm by default', async () => {
    const key = await createKey('--spec', 'ECC_NIST_EDWARDS25519')
    await runCommand(PublicKey, [key, '-o', file('ed.pem')])
    const signed = await runCommand(Sign, [key, file('message.txt'), '-o', file('ed.sig'), '--json'])
    expect(signed.json.SigningAlgorithm).toBe('ED25519_SHA_512')
    expect(openssl(['pkeyutl', '-verify', '-pubin', '-inkey', file('ed.pem'), '-rawin', '-in', file('message.txt'), '-sigfile', file('ed.sig')]))
      .toContain('Signature Verified Successfully')
    const big = await runCommand(Sign, [key, file('big.bin'), '-o', file('ed.sig')])
    expect(big.exitCode).toBe(2)
    expect(big.stderr).toMatch(/ED25519_PH_SHA_512/)
  })

  it('prints GetPublicKey\'s shape with --json (PublicKey in base64 DER, as the AWS CLI prints it); an -o that is a directory is named so', async () => {
    const key = await createKey('--spec', 'ECC_NIST_P256')
    expect((await runCommand(PublicKey, [key, '--der', '-o', file('p256.der')])).exitCode).toBe(0)
    const shown = await runCommand(PublicKey, [key, '--json'])
    expect(shown.json).toMatchObject({KeyId: expect.stringMatching(/^arn:aws:kms:/), KeySpec: 'ECC_NIST_P256', KeyUsage: 'SIGN_VERIFY',
      SigningAlgorithms: ['ECDSA_SHA_256'], PublicKey: readFileSync(file('p256.der')).toString('base64')})
    expect(shown.json).not.toHaveProperty('Algorithms')
    const result = await runCommand(Sign, [key, file('message.txt'), '-o', home])
    expect([result.exitCode, result.stderr]).toEqual([2, `error: the output ${home} is a directory\nhint: name a file: -o DIR/NAME\n`])
  })

  it('exits 6 with KMSInvalidSignatureException when the message was changed after signing', async () => {
    const key = await createKey('--spec', 'ECC_NIST_P384')
    await runCommand(Sign, [key, file('message.txt'), '-o', file('p384.sig')])
    writeFileSync(file('changed.txt'), 'release 1.2.4\n')
    const result = await runCommand(Verify, [key, file('changed.txt'), '--signature', file('p384.sig')])
    expect(result.exitCode).toBe(6)
    expect(result.stderr).toMatch(/^error: .*signature/m)
    // An empty signature file is refused before KMS (whose message names a Java type).
    writeFileSync(file('empty.sig'), '')
    const empty = await runCommand(Verify, [key, file('message.txt'), '--signature', file('empty.sig')])
    expect([empty.exitCode, empty.stderr]).toEqual([2, `error: the signature ${file('empty.sig')} is empty\nhint: give the file kms sign wrote\n`])
  })

  it('prints the public key as PEM that openssl reads, and refuses symmetric keys with a usage error', async () => {
    const key = await createKey('--spec', 'RSA_4096', '--usage', 'ENCRYPT_DECRYPT')
    const {stdout} = await runCommand(PublicKey, [key])
    expect(stdout).toMatch(/^-----BEGIN PUBLIC KEY-----/)
    expect(openssl(['pkey', '-pubin', '-noout', '-text'], Buffer.from(stdout))).toMatch(/4096 bit/)
    const symmetric = await createKey()
    expect((await runCommand(PublicKey, [symmetric])).exitCode).toBe(2)
  })

  it('decrypts an RSA-OAEP ciphertext made by openssl pkeyutl with the public key (RSAES_OAEP_SHA_256 and SHA_1)', async () => {
    const key = await createKey('--spec', 'RSA_2048', '--usage', 'ENCRYPT_DECRYPT')
    await runCommand(PublicKey, [key, '-o', file('oaep.pem')])
    const kms = createKmsClient({backend: 'local', home})
    for (const [md, EncryptionAlgorithm] of [['sha256', 'RSAES_OAEP_SHA_256'], ['sha1', 'RSAES_OAEP_SHA_1']] as const) {
      openssl(['pkeyutl', '-encrypt', '-pubin', '-inkey', file('oaep.pem'), '-in', file('message.txt'), '-out', file(`oaep-${md}.bin`),
        '-pkeyopt', 'rsa_padding_mode:oaep', '-pkeyopt', `rsa_oaep_md:${md}`, '-pkeyopt', `rsa_mgf1_md:${md}`])
      const out = await kms.send(new DecryptCommand({KeyId: key, EncryptionAlgorithm, CiphertextBlob: readFileSync(file(`oaep-${md}.bin`))}))
      expect(Buffer.from(out.Plaintext!).toString()).toBe('release 1.2.3\n')
    }
  })

  it('generates and verifies an HMAC; a changed message exits 6 with KMSInvalidMacException', async () => {
    const key = await createKey('--spec', 'HMAC_256')
    const made = await runCommand(MacGenerate, [key, file('message.txt'), '-o', file('m.mac'), '--json'])
    expect(made.json).toMatchObject({MacAlgorithm: 'HMAC_SHA_256'})
    expect((await runCommand(MacVerify, [key, file('message.txt'), '--mac', file('m.mac')])).stdout).toContain('MAC valid')
    const bad = await runCommand(MacVerify, [key, file('big.bin'), '--mac', file('m.mac')])
    expect(bad.exitCode).toBe(2) // 10 000 bytes: over GenerateMac's 4096-byte limit
    writeFileSync(file('changed.txt'), 'release 1.2.4\n')
    expect((await runCommand(MacVerify, [key, file('changed.txt'), '--mac', file('m.mac')])).exitCode).toBe(6)
  })

  it('prints data keys and data key pairs as base64 JSON whose encrypted part decrypts to the plaintext part', async () => {
    const key = await createKey('--alias', 'alias/data')
    const kms = createKmsClient({backend: 'local', home})
    const dk = (await runCommand(DataKey, ['alias/data', '-c', 'purpose=test', '--json'])).json
    expect(Buffer.from(dk.Plaintext, 'base64')).toHaveLength(32)
    const back = await kms.send(new DecryptCommand({CiphertextBlob: Buffer.from(dk.CiphertextBlob, 'base64'), EncryptionContext: {purpose: 'test'}}))
    expect(Buffer.from(back.Plaintext!).toString('base64')).toBe(dk.Plaintext)
    expect((await runCommand(DataKey, [key, '--bytes', '64', '--no-plaintext', '--json'])).json.Plaintext).toBeUndefined()
    const pair = (await runCommand(DataKey, [key, '--pair', 'ECC_NIST_P256', '--json'])).json
    expect(pair).toMatchObject({KeyPairSpec: 'ECC_NIST_P256'})
    expect(openssl(['pkey', '-inform', 'DER', '-noout', '-text'], Buffer.from(pair.PrivateKeyPlaintext, 'base64'))).toMatch(/prime256v1|P-256/)
    const human = await runCommand(DataKey, [key, '--pair', 'RSA_2048', '--no-plaintext'])
    expect(human.stdout).toMatch(/^PublicKey: /m)
    expect(human.stdout).not.toMatch(/PrivateKeyPlaintext/)
  })
})
