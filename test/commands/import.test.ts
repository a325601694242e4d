import {DecryptCommand, EncryptCommand, ImportKeyMaterialCommand} from '@aws-sdk/client-kms'
import {randomBytes} from 'node:crypto'
import {readFileSync, statSync, writeFileSync} from 'node:fs'
import {join} from 'node:path'
import {beforeAll, describe, expect, it} from 'vitest'
import ImportDelete from '../../src/commands/import/delete.js'
import ImportMaterial from '../../src/commands/import/material.js'
import ImportParams from '../../src/commands/import/params.js'
import KeysCreate from '../../src/commands/keys/create.js'
import KeysDescribe from '../../src/commands/keys/describe.js'
import RotationRotate from '../../src/commands/rotation/rotate.js'
import {createKmsClient} from '../../src/lib/clients.js'
import {openssl, runCommand, useLocalHome} from './run-command.js'

describe('kms import', () => {
  let home: string
  const file = (name: string) => join(home, name)
  beforeAll(() => {
    home = useLocalHome()
  })

  it('imports material made by openssl rand into an EXTERNAL key by alias, for every wrapping algorithm', async () => {
    for (const algorithm of ['RSA_AES_KEY_WRAP_SHA_256', 'RSA_AES_KEY_WRAP_SHA_1', 'RSAES_OAEP_SHA_256', 'RSAES_OAEP_SHA_1']) {
      const alias = `alias/byok-${algorithm.toLowerCase().replace(/_/g, '-')}`
      await runCommand(KeysCreate, ['--origin', 'EXTERNAL', '--alias', alias])
      openssl(['rand', '-out', file('key.bin'), '32'])
      const imported = await runCommand(ImportMaterial, [alias, '--material', file('key.bin'), '--wrapping-algorithm', algorithm, '--wrapping-key-spec', 'RSA_2048', '--expires-in-days', '30', '--json'])
      expect(imported.exitCode, imported.stderr).toBe(0)
      expect(imported.json).toMatchObject({ExpirationModel: 'KEY_MATERIAL_EXPIRES', KeyMaterialId: expect.stringMatching(/^[0-9a-f]{64}$/)})
      expect(readFileSync(file('key.bin'))).toHaveLength(32) // the user's file is untouched
      const described = (await runCommand(KeysDescribe, [alias, '--json'])).json.KeyMetadata
      expect(described).toMatchObject({KeyState: 'Enabled', Origin: 'EXTERNAL', ExpirationModel: 'KEY_MATERIAL_EXPIRES'})
    }
  })

  it('writes PublicKey.bin and ImportToken.bin for the manual OpenSSL steps, deletes material, and re-imports the same material', async () => {
    const key = (await runCommand(KeysCreate, ['--origin', 'EXTERNAL', '--json'])).json.KeyMetadata
    const material = randomBytes(32)
    writeFileSync(file('material.bin'), material)
    // Into a directory that does not exist yet, as the README's example does (-o params/).
    const params = await runCommand(ImportParams, [key.KeyId, '--wrapping-algorithm', 'RSAES_OAEP_SHA_256', '-o', file('params/')])
    expect([params.exitCode, params.stderr]).toEqual([0, ''])
    expect(statSync(file('params/ImportToken.bin')).mode & 0o777).toBe(0o600)
    const onFile = await runCommand(ImportParams, [key.KeyId, '-o', file('material.bin')])
    expect([onFile.exitCode, onFile.stderr]).toEqual([2, `error: -o ${file('material.bin')} is not a directory\nhint: name a directory for PublicKey.bin and ImportToken.bin\n`])
    openssl(['pkeyutl', '-encrypt', '-in', file('material.bin'), '-out', file('EncryptedKeyMaterial.bin'), '-inkey', file('params/PublicKey.bin'), '-keyform', 'DER',
      '-pubin', '-pkeyopt', 'rsa_padding_mode:oaep', '-pkeyopt', 'rsa_oaep_md:sha256', '-pkeyopt', 'rsa_mgf1_md:sha256'])
    const kms = createKmsClient({backend: 'local', home})
    await kms.send(new ImportKeyMaterialCommand({KeyId: key.KeyId, ImportToken: readFileSync(file('params/ImportToken.bin')),
      EncryptedKeyMaterial: readFileSync(file('EncryptedKeyMaterial.bin')), ExpirationModel: 'KEY_MATERIAL_DOES_NOT_EXPIRE'}))
    const {CiphertextBlob} = await kms.send(new EncryptCommand({KeyId: key.KeyId, Plaintext: Buffer.from('kept')}))
    expect((await runCommand(ImportDelete, [key.KeyId])).exitCode).toBe(0)
    expect((await runCommand(KeysDescribe, [key.KeyId, '--json'])).json.KeyMetadata.KeyState).toBe('PendingImport')
    writeFileSync(file('other.bin'), randomBytes(32))
    const wrong = await runCommand(ImportMaterial, [key.KeyId, '--material', file('other.bin')])
    expect(wrong.exitCode).toBe(2)
    expect(wrong.stderr).toMatch(/^error: .*not the same key material/m)
    expect((await runCommand(ImportMaterial, [key.KeyId, '--material', file('material.bin')])).exitCode).toBe(0)
    expect(Buffer.from((await kms.send(new DecryptCommand({CiphertextBlob}))).Plaintext!).toString()).toBe('kept')
  })

  it('imports --new material and rotates to it on demand with kms rotation rotate', async () => {
    const key = (await runCommand(KeysCreate, ['--origin', 'EXTERNAL', '--json'])).json.KeyMetadata
    writeFileSync(file('one.bin'), randomBytes(32))
    writeFileSync(file('two.bin'), randomBytes(32))
    const first = (await runCommand(ImportMaterial, [key.KeyId, '--material', file('one.bin'), '--json'])).json
    const second = await runCommand(ImportMaterial, [key.KeyId, '--material', file('two.bin'), '--new', '--description', 'next'])
    expect(second.stdout).toMatch(/kms rotation rotate/)
    expect((await runCommand(RotationRotate, [key.KeyId])).exitCode).toBe(0)
    const current = (await runCommand(KeysDescribe, [key.KeyId, '--json'])).json.KeyMetadata.CurrentKeyMaterialId
    expect(current).not.toBe(first.KeyMaterialId)
  })

  it('rejects an unreadable material file and a bad --valid-to with usage errors before calling KMS', async () => {
    const key = (await runCommand(KeysCreate, ['--origin', 'EXTERNAL', '--json'])).json.KeyMetadata
    expect((await runCommand(ImportMaterial, [key.KeyId, '--material', file('missing.bin')])).stderr).toMatch(/cannot read the key material/)
    const bad = await runCommand(ImportMaterial, [key.KeyId, '--material', file('one.bin'), '--valid-to', 'someday'])
    expect(bad.exitCode).toBe(2)
    expect(bad.stderr).toMatch(/--valid-to 'someday' is not a date/)
  })
})
