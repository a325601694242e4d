/**
 * From the data key to the message's encryption key, and the key commitment of committing suites
 * (FORMAT.md §Key derivation).
 */
import {hkdfSync, timingSafeEqual} from 'node:crypto'
import {IntegrityError} from '../errors.js'
import {writeUint16} from './byte-reader.js'
import {AlgorithmSuite} from './suites.js'

const DERIVE_KEY_LABEL = Buffer.from('DERIVEKEY', 'utf8')
const COMMIT_KEY_LABEL = Buffer.from('COMMITKEY', 'utf8')
const COMMITMENT_LENGTH = 32

export interface MessageKeys {
  /** The AES-GCM key for the header authentication and every frame. Zero it after use. */
  encryptionKey: Buffer
  /** Committing suites only: goes in the v2 header's suite data. */
  commitment?: Buffer
}

/** Derives the message keys; the data key itself is left for the caller to zero. */
export function deriveMessageKeys(suite: AlgorithmSuite, dataKey: Buffer, messageId: Buffer): MessageKeys {
  if (suite.kdfHash === undefined) return {encryptionKey: Buffer.from(dataKey)}
  if (!suite.committing) {
    const info = Buffer.concat([writeUint16(suite.id), messageId])
    return {encryptionKey: Buffer.from(hkdfSync(suite.kdfHash, dataKey, Buffer.alloc(0), info, suite.keyLength))}
  }
  const info = Buffer.concat([writeUint16(suite.id), DERIVE_KEY_LABEL])
  return {
    encryptionKey: Buffer.from(hkdfSync(suite.kdfHash, dataKey, messageId, info, suite.keyLength)),
    commitment: deriveCommitment(suite, dataKey, messageId),
  }
}

function deriveCommitment(suite: AlgorithmSuite, dataKey: Buffer, messageId: Buffer): Buffer {
  return Buffer.from(hkdfSync(suite.kdfHash ?? 'sha512', dataKey, messageId, COMMIT_KEY_LABEL, COMMITMENT_LENGTH))
}

/**
 * On decrypt, before the encryption key is derived: the commitment in the header must equal the
 * one derived from the unwrapped data key, compared in constant time.
 */
export function verifyKeyCommitment(suite: AlgorithmSuite, dataKey: Buffer, messageId: Buffer, suiteData: Buffer | undefined): void {
  if (!suite.committing) return
  const expected = deriveCommitment(suite, dataKey, messageId)
  const matches = suiteData !== undefined && suiteData.length === expected.length && timingSafeEqual(expected, suiteData)
  expected.fill(0)
  if (!matches) throw new IntegrityError()
}
