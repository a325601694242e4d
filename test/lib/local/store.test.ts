/**
 * The store's durability: commits wait for the disk (synchronous = FULL, 2) except audit records
 * (NORMAL, 1), and a request leaves the connection as it found it.
 */
import {GenerateDataKeyCommand} from '@aws-sdk/client-kms'
import {describe, expect, it} from 'vitest'
import {createKmsClient, localEngine} from '../../../src/lib/clients.js'
import {immediate, openStore, withoutWaitingForDisk} from '../../../src/lib/local/store.js'
import {tempDir} from '../../helpers/temp.js'

const FULL = 2
const NORMAL = 1
const level = (db: ReturnType<typeof openStore>) => db.pragma('synchronous', {simple: true})

describe('local store durability', () => {
  it('commits wait for the disk by default; withoutWaitingForDisk lowers that for its own writes only, and never inside a transaction', () => {
    const db = openStore(tempDir())
    try {
      expect(level(db)).toBe(FULL)
      expect(withoutWaitingForDisk(db, () => level(db))).toBe(NORMAL)
      expect(level(db)).toBe(FULL)
      expect(() => withoutWaitingForDisk(db, () => {
        throw new Error('boom')
      })).toThrow('boom')
      expect(level(db)).toBe(FULL)
      // Inside a transaction the level cannot change (SQLite refuses); the transaction's commit decides.
      expect(immediate(db, () => withoutWaitingForDisk(db, () => level(db)))).toBe(FULL)
    } finally {
      db.close()
    }
  })

  it('a request writes its audit record without waiting for the disk and leaves key changes durable', async () => {
    const home = tempDir()
    const engine = localEngine(home)
    const kms = createKmsClient({backend: 'local', home})
    const seen: number[] = []
    const prepare = engine.db.prepare.bind(engine.db)
    // The level in effect when the audit INSERT runs.
    engine.db.prepare = ((sql: string) => {
      const statement = prepare(sql)
      if (!sql.startsWith('INSERT INTO events')) return statement
      const run = statement.run.bind(statement)
      return Object.assign(statement, {run: (...args: unknown[]) => (seen.push(level(engine.db) as number), run(...args))})
    }) as typeof engine.db.prepare
    try {
      await kms.send(new GenerateDataKeyCommand({KeyId: 'alias/nosuch', KeySpec: 'AES_256'})).catch(() => {})
    } finally {
      engine.db.prepare = prepare
    }
    expect(seen).toEqual([NORMAL])
    expect(level(engine.db)).toBe(FULL)
  })
})
