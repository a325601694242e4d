/** One KMS_HOME shared by parallel processes (DESIGN.md §2: WAL, busy timeout, one transaction per mutation). */
import {describe, expect, it} from 'vitest'
import {cliEnv, kms, kmsJson} from '../helpers/cli.js'

describe('parallel processes on one local store', () => {
  it('lets 8 processes create keys and aliases at once with every key present and no busy errors', async () => {
    const env = cliEnv()
    const results = await Promise.all(Array.from({length: 8}, (_, i) =>
      kms(env, ['keys', 'create', '--description', `parallel ${i}`, '--alias', `alias/parallel-${i}`, '--json'])))
    for (const r of results) {
      expect(r.stderr).toBe('')
      expect(r.code).toBe(0)
    }
    const ids = results.map(r => JSON.parse(r.stdout).KeyMetadata.KeyId)
    const listed = await kmsJson(env, ['keys', 'list'])
    expect(listed.Keys.map((k: any) => k.KeyId).sort()).toEqual([...ids].sort())
    const aliases = await kmsJson(env, ['aliases', 'list'])
    expect(aliases.Aliases.map((a: any) => a.AliasName).sort()).toEqual(Array.from({length: 8}, (_, i) => `alias/parallel-${i}`).sort())
    const accounts = new Set(listed.Keys.map((k: any) => k.KeyArn.split(':')[4]))
    expect(accounts.size).toBe(1)
  })
})
