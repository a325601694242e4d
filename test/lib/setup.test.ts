/** `kms keys setup`: the answers create the key and print the equivalent commands (DESIGN.md §Who uses it). */
import {DescribeKeyCommand, GetKeyRotationStatusCommand} from '@aws-sdk/client-kms'
import {describe, expect, it} from 'vitest'
import {createKmsClient} from '../../src/lib/clients.js'
import {applySetup, setupCommands, SPECS_FOR} from '../../src/lib/setup.js'
import {tempDir} from '../helpers/temp.js'

describe('key setup answers', () => {
  it('print the non-interactive commands that repeat them, quoting what the shell needs', () => {
    expect(setupCommands({purpose: 'encrypt', spec: 'SYMMETRIC_DEFAULT', description: "Bob's data", alias: 'alias/bob', rotationDays: 180}))
      .toEqual([`kms keys create --description 'Bob'\\''s data' --alias alias/bob`, 'kms rotation enable alias/bob --period-days 180'])
    expect(setupCommands({purpose: 'sign', spec: 'RSA_2048', description: 'releases', multiRegion: true}))
      .toEqual(['kms keys create --spec RSA_2048 --usage SIGN_VERIFY --description releases --multi-region'])
    expect(setupCommands({purpose: 'mac', spec: 'HMAC_256', description: ''})).toEqual(['kms keys create --spec HMAC_256'])
    // The same KMS as the wizard's (its global flags), and the new key's ID where there is no alias.
    expect(setupCommands({purpose: 'encrypt', spec: 'SYMMETRIC_DEFAULT', description: '', rotationDays: 365},
      {keyId: '1234abcd-12ab-34cd-56ef-1234567890ab', globalFlags: ['--backend', 'aws', '--endpoint-url', 'http://127.0.0.1:4599']}))
      .toEqual(['kms keys create --backend aws --endpoint-url http://127.0.0.1:4599',
        'kms rotation enable 1234abcd-12ab-34cd-56ef-1234567890ab --period-days 365 --backend aws --endpoint-url http://127.0.0.1:4599'])
  })

  it('offer only specs that AWS allows for the purpose', () => {
    expect(SPECS_FOR.mac.every(s => s.startsWith('HMAC_'))).toBe(true)
    expect(SPECS_FOR['key-agreement']).not.toContain('ECC_SECG_P256K1')
    expect(SPECS_FOR.encrypt[0]).toBe('SYMMETRIC_DEFAULT')
  })

  it('create the key with its alias and rotation period', async () => {
    const kms = createKmsClient({backend: 'local', home: tempDir()})
    const key = await applySetup(kms, {purpose: 'encrypt', spec: 'SYMMETRIC_DEFAULT', description: 'records', alias: 'alias/records', rotationDays: 180})
    expect((await kms.send(new DescribeKeyCommand({KeyId: 'alias/records'}))).KeyMetadata).toMatchObject({KeyId: key.KeyId, Description: 'records'})
    expect(await kms.send(new GetKeyRotationStatusCommand({KeyId: key.KeyId}))).toMatchObject({KeyRotationEnabled: true, RotationPeriodInDays: 180})
    const signer = await applySetup(kms, {purpose: 'sign', spec: 'ECC_NIST_P256', description: 'releases'})
    expect(signer).toMatchObject({KeySpec: 'ECC_NIST_P256', KeyUsage: 'SIGN_VERIFY'})
  })
})
