/**
 * Key material rows (`key_materials`, keyed by key ID and material ID, shared by every Region of a
 * multi-Region key). The secret part (AES key, HMAC key, or PKCS#8 DER private key) is sealed
 * under the key store with the context `material:<key ID>:<material ID>`; public keys are kept
 * in the clear. Plaintext buffers handed out here are the caller's to zero.
 */
import {createHash, createPrivateKey, createPublicKey, generateKeyPairSync, randomBytes, type KeyObject} from 'node:crypto'
import {ServiceError} from '../service-error.js'
import type {Engine} from './engine.js'
import type {KeyRow} from './keys.js'
import {specInfo} from './key-specs.js'
import {statement} from '../statements.js'

export interface MaterialRow {
  key_id: string
  material_id: string
  sealed: Buffer
  created: number
  public_key: Buffer | null
  rotation_type: string | null
  rotation_date: number | null
  import_state: string | null
  expiration_model: string | null
  valid_to: number | null
  description: string | null
  fingerprint: Buffer | null
}

export type MaterialExtra = Partial<Pick<MaterialRow, 'public_key' | 'rotation_type' | 'rotation_date' | 'import_state' |
  'expiration_model' | 'valid_to' | 'description'>> & {materialId?: string}

const sealContext = (keyId: string, materialId: string) => `material:${keyId}:${materialId}`

/** A one-way fingerprint of material, so re-imports can be matched after the material is deleted. */
export const fingerprintOf = (secret: Buffer) => createHash('sha256').update('kms-local-material\0').update(secret).digest()

/** Fresh material for a spec: random bytes for symmetric and HMAC keys, a key pair otherwise. */
export function generateMaterial(spec: string): {secret: Buffer; publicKey?: Buffer} {
  const info = specInfo(spec)
  if (info.family === 'symmetric') return {secret: randomBytes(32)}
  if (info.family === 'hmac') return {secret: randomBytes(info.macKeyBytes!)}
  return generatePair(spec)
}

/** A key pair as PKCS#8 DER private key and SubjectPublicKeyInfo DER public key. */
export function generatePair(spec: string): {secret: Buffer; publicKey: Buffer} {
  const info = specInfo(spec)
  const pair = info.family === 'rsa' ? generateKeyPairSync('rsa', {modulusLength: info.bits!})
    : info.family === 'ed25519' ? generateKeyPairSync('ed25519')
    : generateKeyPairSync('ec', {namedCurve: info.curve!})
  return {
    secret: pair.privateKey.export({format: 'der', type: 'pkcs8'}),
    publicKey: pair.publicKey.export({format: 'der', type: 'spki'}),
  }
}

/** Seals and stores material; zeroes `secret`; returns the material ID (64 hex digits). */
export function insertMaterial(engine: Engine, keyId: string, secret: Buffer, extra: MaterialExtra = {}): string {
  const materialId = extra.materialId ?? randomBytes(32).toString('hex')
  try {
    statement(engine.db, `INSERT INTO key_materials (key_id, material_id, sealed, created, public_key, rotation_type, rotation_date,
      import_state, expiration_model, valid_to, description, fingerprint) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)`)
      .run(keyId, materialId, engine.sealer.seal(secret, sealContext(keyId, materialId)), engine.clock().getTime(),
        extra.public_key ?? null, extra.rotation_type ?? null, extra.rotation_date ?? null, extra.import_state ?? null,
        extra.expiration_model ?? null, extra.valid_to ?? null, extra.description ?? null, fingerprintOf(secret))
    return materialId
  } finally {
    secret.fill(0)
  }
}

/** Seals `secret` again into an existing material row (a re-import of the same material); zeroes `secret`. */
export function resealMaterial(engine: Engine, keyId: string, materialId: string, secret: Buffer,
  extra: Pick<MaterialRow, 'expiration_model' | 'valid_to'>): void {
  try {
    statement(engine.db, `UPDATE key_materials SET sealed = ?, import_state = 'IMPORTED', expiration_model = ?, valid_to = ?
      WHERE key_id = ? AND material_id = ?`)
      .run(engine.sealer.seal(secret, sealContext(keyId, materialId)), extra.expiration_model, extra.valid_to, keyId, materialId)
  } finally {
    secret.fill(0)
  }
}

export function findMaterial(engine: Engine, keyId: string, materialId: string): MaterialRow | undefined {
  return statement(engine.db, 'SELECT * FROM key_materials WHERE key_id = ? AND material_id = ?').get(keyId, materialId) as MaterialRow | undefined
}

export function listMaterials(engine: Engine, keyId: string): MaterialRow[] {
  return statement(engine.db, 'SELECT * FROM key_materials WHERE key_id = ? ORDER BY created, rowid').all(keyId) as MaterialRow[]
}

/** The plaintext secret of a material; undefined when it does not exist or was deleted (imported keys). */
export function unsealMaterial(engine: Engine, keyId: string, materialId: string): Buffer | undefined {
  const row = findMaterial(engine, keyId, materialId)
  if (!row || row.sealed.length === 0) return undefined
  return engine.sealer.unseal(row.sealed, sealContext(keyId, materialId))
}

/** The current material's secret of a usable key. Callers zero it. */
export function currentSecret(engine: Engine, key: KeyRow): Buffer {
  const secret = key.current_material_id === null ? undefined : unsealMaterial(engine, key.key_id, key.current_material_id)
  if (!secret) throw new ServiceError('KMSInternalException', `key material of ${key.arn} is missing`, 500)
  return secret
}

/** The private key of an asymmetric key, as a KeyObject; the DER bytes are zeroed. */
export function privateKeyOf(engine: Engine, key: KeyRow): KeyObject {
  const der = currentSecret(engine, key)
  try {
    return createPrivateKey({key: der, format: 'der', type: 'pkcs8'})
  } finally {
    der.fill(0)
  }
}

/** The DER SubjectPublicKeyInfo of an asymmetric key. */
export function publicKeyDerOf(engine: Engine, key: KeyRow): Buffer {
  const row = key.current_material_id === null ? undefined : findMaterial(engine, key.key_id, key.current_material_id)
  if (row?.public_key) return row.public_key
  return createPublicKey(privateKeyOf(engine, key)).export({format: 'der', type: 'spki'})
}

export function publicKeyOf(engine: Engine, key: KeyRow): KeyObject {
  return createPublicKey({key: publicKeyDerOf(engine, key), format: 'der', type: 'spki'})
}
