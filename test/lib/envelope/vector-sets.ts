/** Loads the ESDK decrypt vector sets from ../shared/esdk-vectors (unzipped with the system unzip). */
import {execFileSync} from 'node:child_process'
import {mkdtempSync, readFileSync} from 'node:fs'
import {tmpdir} from 'node:os'
import {join, resolve} from 'node:path'
import {Keyring, createRawAesKeyring, createRawRsaKeyring, type RsaPadding} from '../../../src/lib/envelope/index.js'

export const VECTORS_DIR = resolve(import.meta.dirname, '../../../../shared/esdk-vectors')

export interface MasterKeyEntry {
  type: string
  key: string
  'provider-id': string
  'encryption-algorithm': 'aes' | 'rsa'
  'padding-algorithm'?: 'oaep-mgf1' | 'pkcs1'
  'padding-hash'?: string
}

export interface VectorTest {
  id: string
  ciphertext: Buffer
  masterKeys: MasterKeyEntry[]
  cmm?: string
  encryptionContext?: Record<string, string>
  plaintext?: Buffer
  error?: string
}

interface KeyEntry {
  'key-id': string
  material: string
  encoding: 'base64' | 'pem'
  decrypt: boolean
}

export interface VectorSet {
  tests: VectorTest[]
  keys: Record<string, KeyEntry>
}

export function loadVectorSet(zipName: string): VectorSet {
  const dir = mkdtempSync(join(tmpdir(), 'esdk-vectors-'))
  execFileSync('unzip', ['-q', join(VECTORS_DIR, zipName), '-d', dir])
  const readUri = (uri: string): Buffer => readFileSync(join(dir, uri.replace(/^file:\/\//, '')))
  const manifest = JSON.parse(readFileSync(join(dir, 'manifest.json'), 'utf8'))
  const keys = JSON.parse(readUri(manifest.keys).toString('utf8')).keys
  const tests = Object.entries<Record<string, any>>(manifest.tests).map(([id, test]) => ({
    id,
    ciphertext: readUri(test.ciphertext),
    masterKeys: test['master-keys'],
    cmm: test.cmm,
    encryptionContext: test['encryption-context'],
    plaintext: test.result.output ? readUri(test.result.output.plaintext) : undefined,
    error: test.result.error?.['error-description'],
  }))
  return {tests, keys}
}

/** The keyrings a manifest's master-keys entries stand for (see the vectors README). */
export function createVectorKeyrings(set: VectorSet, entries: MasterKeyEntry[]): Keyring[] {
  return entries.map((entry) => {
    const key = set.keys[entry.key]
    if (entry['encryption-algorithm'] === 'aes') {
      return createRawAesKeyring({keyNamespace: entry['provider-id'], keyName: key['key-id'], wrappingKey: Buffer.from(key.material, 'base64')})
    }
    const padding: RsaPadding = entry['padding-algorithm'] === 'pkcs1' ? 'pkcs1' : `oaep-${entry['padding-hash']}` as RsaPadding
    return createRawRsaKeyring({keyNamespace: entry['provider-id'], keyName: key['key-id'], padding, privateKey: key.decrypt ? key.material : undefined, publicKey: key.decrypt ? undefined : key.material})
  })
}
