import {describe, expect, it} from 'vitest'
import {renderKey, renderKeyList} from '../../../src/lib/ui/keys.js'

const key = (id: string, aliases: string[]) => ({KeyId: id, KeyArn: `arn:aws:kms:us-east-1:111122223333:key/${id}`, Aliases: aliases, KeyState: 'Enabled', Description: 'd'})

describe('kms keys list table', () => {
  it('shows up to three aliases of a key, and for more the first two and a count, so a row stays one line', () => {
    const many = Array.from({length: 50}, (_, i) => `alias/app-${String(i).padStart(2, '0')}`)
    const lines = renderKeyList([key('k1', ['alias/a', 'alias/b', 'alias/c']), key('k2', many), key('k3', [])]).split('\n')
    expect(lines[1]).toMatch(/^k1 +Enabled +alias\/a, alias\/b, alias\/c +d$/)
    expect(lines[2]).toMatch(/^k2 +Enabled +alias\/app-00, alias\/app-01 \(\+48 more\) +d$/)
    expect(lines[3]).toMatch(/^k3 +Enabled +d$/)
  })

  it('describes a key with what the AWS CLI shows: algorithms, the multi-Region role, and when imported material expires', () => {
    const shown = renderKey({KeyId: 'k1', Arn: 'arn:aws:kms:eu-west-1:111122223333:key/mrk-1', KeyState: 'Enabled', KeySpec: 'RSA_2048', KeyUsage: 'SIGN_VERIFY',
      Origin: 'EXTERNAL', SigningAlgorithms: ['RSASSA_PSS_SHA_256', 'RSASSA_PKCS1_V1_5_SHA_256'], MultiRegion: true,
      MultiRegionConfiguration: {MultiRegionKeyType: 'REPLICA', PrimaryKey: {Arn: 'arn:aws:kms:us-east-1:111122223333:key/mrk-1', Region: 'us-east-1'}},
      ExpirationModel: 'KEY_MATERIAL_EXPIRES', ValidTo: new Date('2027-01-02T03:04:05.678Z')}, ['alias/a'])
    expect(shown.split('\n')).toEqual(expect.arrayContaining([
      expect.stringMatching(/^MultiRegion: +REPLICA \(primary in us-east-1\)$/),
      expect.stringMatching(/^Algorithms: +RSASSA_PSS_SHA_256, RSASSA_PKCS1_V1_5_SHA_256$/),
      expect.stringMatching(/^ExpirationModel: +KEY_MATERIAL_EXPIRES$/),
      expect.stringMatching(/^ValidTo: +2027-01-02T03:04:05Z$/),
    ]))
    expect(renderKey({KeyId: 'k2', MultiRegion: true, MultiRegionConfiguration: {MultiRegionKeyType: 'PRIMARY', PrimaryKey: {Region: 'us-east-1'}}}))
      .toMatch(/^MultiRegion: +PRIMARY$/m)
  })
})
