/**
 * The `file` key store: a 256-bit root key in a 0600 file beside the database, or derived with
 * scrypt from KMS_LOCAL_PASSPHRASE. Everything secret in the store (key material, access-key
 * secrets) is sealed under it with AES-256-GCM, bound to a context string naming what it is.
 */
import {createCipheriv, createDecipheriv, randomBytes, scryptSync} from 'node:crypto'
import {closeSync, fsyncSync, linkSync, openSync, readFileSync, unlinkSync, writeSync} from 'node:fs'
import {dirname, join} from 'node:path'
import {KmsError, ExitCode} from '../../errors.js'
import {immediate, readMeta, writeMeta, type Db} from '../store.js'

const VERSION = 1
const CHECK = 'kms-local-root-key-check'

export interface Sealer {
  seal(plaintext: Buffer, context: string): Buffer
  unseal(sealed: Buffer, context: string): Buffer
}

/** Opens the root key of the store in `home`, creating it on first use. */
export function openFileKeyStore(db: Db, home: string, passphrase = process.env.KMS_LOCAL_PASSPHRASE): Sealer {
  const mode = readMeta(db, 'root_key_source')
  const wanted = passphrase ? 'passphrase' : 'file'
  if (mode && mode !== wanted) {
    throw new KmsError('KeyStoreError', mode === 'passphrase'
      ? `the local store in ${home} is protected by a passphrase and KMS_LOCAL_PASSPHRASE is not set`
      : `the local store in ${home} uses a root key file; unset KMS_LOCAL_PASSPHRASE`, {exitCode: ExitCode.AccessDenied})
  }
  const rootKey = passphrase ? derivePassphraseKey(db, passphrase) : readOrCreateRootKeyFile(join(home, 'root.key'))
  const sealer = createSealer(rootKey)
  immediate(db, () => {
    const check = readMeta(db, 'root_check')
    if (check === undefined) {
      writeMeta(db, 'root_key_source', wanted)
      writeMeta(db, 'root_check', sealer.seal(Buffer.from(CHECK), 'root-check').toString('base64'))
    }
  })
  try {
    sealer.unseal(Buffer.from(readMeta(db, 'root_check')!, 'base64'), 'root-check')
  } catch {
    throw new KmsError('KeyStoreError', `the root key does not open the local store in ${home}`, {
      exitCode: ExitCode.AccessDenied,
      hint: passphrase ? 'check KMS_LOCAL_PASSPHRASE' : `root.key in ${home} does not belong to this store`,
    })
  }
  return sealer
}

function derivePassphraseKey(db: Db, passphrase: string): Buffer {
  const salt = immediate(db, () => {
    const existing = readMeta(db, 'scrypt_salt')
    if (existing) return existing
    const fresh = randomBytes(16).toString('base64')
    writeMeta(db, 'scrypt_salt', fresh)
    return fresh
  })
  return scryptSync(passphrase, Buffer.from(salt, 'base64'), 32, {N: 1 << 15, r: 8, p: 1, maxmem: 64 * 1024 * 1024})
}

/**
 * Creates the key file atomically (write a temp file, then hard-link it into place) so racing
 * processes agree, and durably (the file and its directory entry are on disk before any key is
 * sealed under it: the store's commits are, and keys without their root key would be lost).
 */
function readOrCreateRootKeyFile(path: string): Buffer {
  try {
    return checkRootKey(readFileSync(path), path)
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code !== 'ENOENT') throw error
  }
  const temp = `${path}.${process.pid}.${randomBytes(4).toString('hex')}`
  const key = randomBytes(32)
  const fd = openSync(temp, 'wx', 0o600)
  try {
    writeSync(fd, key)
    fsyncSync(fd)
  } finally {
    closeSync(fd)
  }
  try {
    linkSync(temp, path)
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code !== 'EEXIST') throw error
  } finally {
    unlinkSync(temp)
    key.fill(0)
  }
  syncDirectory(dirname(path))
  return checkRootKey(readFileSync(path), path)
}

function syncDirectory(directory: string): void {
  const fd = openSync(directory, 'r')
  try {
    fsyncSync(fd)
  } finally {
    closeSync(fd)
  }
}

function checkRootKey(key: Buffer, path: string): Buffer {
  if (key.length !== 32) throw new KmsError('KeyStoreError', `the root key file ${path} is not 32 bytes`, {exitCode: ExitCode.Failure})
  return key
}

/** Sealed layout: version (1) ‖ IV (12) ‖ ciphertext ‖ tag (16); AAD is the context string. */
export function createSealer(rootKey: Buffer): Sealer {
  return {
    seal(plaintext, context) {
      const iv = randomBytes(12)
      const cipher = createCipheriv('aes-256-gcm', rootKey, iv)
      cipher.setAAD(Buffer.from(context))
      const body = Buffer.concat([cipher.update(plaintext), cipher.final()])
      return Buffer.concat([Buffer.of(VERSION), iv, body, cipher.getAuthTag()])
    },
    unseal(sealed, context) {
      if (sealed.length < 29 || sealed[0] !== VERSION) throw new Error(`sealed ${context} has an unknown layout`)
      const decipher = createDecipheriv('aes-256-gcm', rootKey, sealed.subarray(1, 13))
      decipher.setAAD(Buffer.from(context))
      decipher.setAuthTag(sealed.subarray(sealed.length - 16))
      return Buffer.concat([decipher.update(sealed.subarray(13, sealed.length - 16)), decipher.final()])
    },
  }
}
