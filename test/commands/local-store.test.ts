/**
 * encrypt and decrypt write the local store's log into the database file once their KMS calls
 * are done (clients.ts settleLocalStores), not at the exit after the bulk of their writes.
 * Seen from outside: the database file alone (without its -wal) already holds the audit record
 * of the command's last KMS call while the engine is still open.
 */
import Database from 'better-sqlite3'
import {copyFileSync, mkdirSync, writeFileSync} from 'node:fs'
import {join} from 'node:path'
import {beforeAll, describe, expect, it} from 'vitest'
import Decrypt from '../../src/commands/decrypt.js'
import Encrypt from '../../src/commands/encrypt.js'
import {tempDir} from '../helpers/temp.js'
import {runCommand, useLocalHome} from './run-command.js'

let home: string

/** Event names in the database file as it is on disk, without the write-ahead log. */
function checkpointedEvents(): string[] {
  const copy = join(tempDir(), 'kms.db')
  copyFileSync(join(home, 'kms.db'), copy)
  const db = new Database(copy, {readonly: true})
  try {
    return (db.prepare('SELECT event_name FROM events ORDER BY seq').all() as {event_name: string}[]).map(row => row.event_name)
  } finally {
    db.close()
  }
}

describe('the local store after encrypt and decrypt', () => {
  beforeAll(() => {
    home = useLocalHome()
    mkdirSync(join(home, 'tree'))
    writeFileSync(join(home, 'tree', 'a.txt'), 'a\n')
    writeFileSync(join(home, 'file.txt'), 'hello\n')
  })

  it('holds the GenerateDataKey record of a file encryption and the Decrypt record of an extraction in the database file itself', async () => {
    const encrypted = await runCommand(Encrypt, [join(home, 'file.txt')])
    expect(encrypted.exitCode, encrypted.stderr).toBe(0)
    expect(checkpointedEvents().at(-1)).toBe('GenerateDataKey')

    const archived = await runCommand(Encrypt, [join(home, 'tree')])
    expect(archived.exitCode, archived.stderr).toBe(0)
    const extracted = await runCommand(Decrypt, [join(home, 'tree.tar.kms'), '-o', join(home, 'restored')])
    expect(extracted.exitCode, extracted.stderr).toBe(0)
    expect(checkpointedEvents().at(-1)).toBe('Decrypt')

    const decrypted = await runCommand(Decrypt, [join(home, 'file.txt.kms'), '-o', join(home, 'file.out')])
    expect(decrypted.exitCode, decrypted.stderr).toBe(0)
    expect(checkpointedEvents().filter(name => name === 'Decrypt')).toHaveLength(2)
  })
})
