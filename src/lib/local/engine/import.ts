/**
 * Imported key material (Origin EXTERNAL, kms-api.md §1.4). GetParametersForImport makes an RSA
 * wrapping key pair and an import token (valid 24 h; the store keeps only its SHA-256 and the sealed
 * private key). ImportKeyMaterial unwraps with RSAES-OAEP, or RSA_AES_KEY_WRAP (OAEP-wrapped AES key
 * ‖ AES-KWP of the material, RFC 5649), checks the material fits the key, and stores it sealed with
 * a fingerprint, so a later import is matched to the same material (IncorrectKeyMaterialException
 * otherwise). Deleting or expiring material empties its sealed bytes and leaves the fingerprint.
 */
import {constants, createDecipheriv, createHash, createPrivateKey, createPublicKey, generateKeyPairSync, privateDecrypt, randomBytes} from 'node:crypto'
import {recordServiceEvent} from '../audit.js'
import {ServiceError} from '../service-error.js'
import type {Engine} from './engine.js'
import {specInfo} from './key-specs.js'
import type {KeyRow} from './keys.js'
import {fingerprintOf, listMaterials} from './material.js'
import {statement} from '../statements.js'

export const TOKEN_LIFETIME_MS = 24 * 3_600_000
const KWP_IV = Buffer.from('a65959a6', 'hex')

const tokenId = (token: Buffer) => createHash('sha256').update(token).digest('hex')
const incorrect = (message: string) => new ServiceError('IncorrectKeyMaterialException', message)

export function createImportParameters(engine: Engine, key: KeyRow, algorithm: string, wrappingSpec: string):
  {ImportToken: Buffer; PublicKey: Buffer; ParametersValidTo: number} {
  const {privateKey, publicKey} = generateKeyPairSync('rsa', {modulusLength: specInfo(wrappingSpec).bits!})
  const token = randomBytes(64)
  const id = tokenId(token)
  const validTo = engine.clock().getTime() + TOKEN_LIFETIME_MS
  const der = privateKey.export({format: 'der', type: 'pkcs8'})
  statement(engine.db, `INSERT INTO import_tokens (token_id, region, key_id, wrapping_algorithm, wrapping_key_spec, sealed_private, valid_to)
    VALUES (?, ?, ?, ?, ?, ?, ?)`).run(id, key.region, key.key_id, algorithm, wrappingSpec, engine.sealer.seal(der, `import:${id}`), validTo)
  der.fill(0)
  return {ImportToken: token, PublicKey: publicKey.export({format: 'der', type: 'spki'}), ParametersValidTo: validTo}
}

/** The plaintext material inside EncryptedKeyMaterial, unwrapped with the token's private key. Callers zero it. */
export function unwrapMaterial(engine: Engine, key: KeyRow, token: Buffer, encrypted: Buffer): Buffer {
  const id = tokenId(token)
  const row = statement(engine.db, 'SELECT * FROM import_tokens WHERE token_id = ?').get(id) as
    {region: string; key_id: string; wrapping_algorithm: string; sealed_private: Buffer; valid_to: number} | undefined
  if (!row || row.key_id !== key.key_id || row.region !== key.region) {
    throw new ServiceError('InvalidImportTokenException', 'The import token is invalid or is associated with a different KMS key.')
  }
  if (row.valid_to <= engine.clock().getTime()) throw new ServiceError('ExpiredImportTokenException', 'The import token has expired. Call GetParametersForImport again.')
  const der = engine.sealer.unseal(row.sealed_private, `import:${id}`)
  const privateKey = createPrivateKey({key: der, format: 'der', type: 'pkcs8'})
  der.fill(0)
  const oaepHash = row.wrapping_algorithm.endsWith('SHA_1') ? 'sha1' : 'sha256'
  const rsa = (data: Buffer) => privateDecrypt({key: privateKey, padding: constants.RSA_PKCS1_OAEP_PADDING, oaepHash}, data)
  try {
    if (row.wrapping_algorithm.startsWith('RSAES_OAEP')) return rsa(encrypted)
    const k = privateKey.asymmetricKeyDetails!.modulusLength! / 8
    const aesKey = rsa(encrypted.subarray(0, k))
    try {
      const decipher = createDecipheriv(`id-aes${aesKey.length * 8}-wrap-pad`, aesKey, KWP_IV)
      return Buffer.concat([decipher.update(encrypted.subarray(k)), decipher.final()])
    } finally {
      aesKey.fill(0)
    }
  } catch {
    throw new ServiceError('InvalidCiphertextException', 'The EncryptedKeyMaterial could not be unwrapped with the wrapping key of this import token and its wrapping algorithm.')
  }
}

const HMAC_LENGTHS: Record<string, [number, number]> = {HMAC_224: [28, 64], HMAC_256: [32, 64], HMAC_384: [48, 128], HMAC_512: [64, 128]}

/** The material must fit the key spec; returns the public key (DER SPKI) of asymmetric material. */
export function checkMaterial(key: KeyRow, material: Buffer): Buffer | undefined {
  const info = specInfo(key.key_spec)
  if (info.family === 'symmetric') {
    if (material.length !== 32) throw incorrect(`Key material for a SYMMETRIC_DEFAULT key must be 256 bits (32 bytes), not ${material.length} bytes.`)
    return undefined
  }
  if (info.family === 'hmac') {
    const [min, max] = HMAC_LENGTHS[key.key_spec]
    if (material.length < min || material.length > max) throw incorrect(`Key material for ${key.key_spec} must be ${min}–${max} bytes, not ${material.length}.`)
    return undefined
  }
  try {
    const privateKey = createPrivateKey({key: material, format: 'der', type: 'pkcs8'})
    const details = privateKey.asymmetricKeyDetails ?? {}
    const fits = info.family === 'rsa' ? privateKey.asymmetricKeyType === 'rsa' && details.modulusLength === info.bits
      : info.family === 'ed25519' ? privateKey.asymmetricKeyType === 'ed25519'
      : privateKey.asymmetricKeyType === 'ec' && details.namedCurve === info.curve
    if (fits) return createPublicKey(privateKey).export({format: 'der', type: 'spki'})
  } catch {
    // not PKCS #8 DER
  }
  throw incorrect(`Key material for ${key.key_spec} must be a PKCS #8 DER private key of that key spec.`)
}

/** The material a new import into `key` is, by fingerprint, if it was imported before. */
export function findImportedMaterial(engine: Engine, key: KeyRow, material: Buffer) {
  const fingerprint = fingerprintOf(material)
  return listMaterials(engine, key.key_id).find(m => m.fingerprint !== null && m.fingerprint.equals(fingerprint))
}

/** Imported material newer than the current one, waiting for RotateKeyOnDemand. */
export function pendingRotationMaterial(engine: Engine, key: KeyRow): string | undefined {
  const materials = listMaterials(engine, key.key_id)
  const current = materials.find(m => m.material_id === key.current_material_id)
  return materials.find(m => m !== current && m.sealed.length > 0 && m.rotation_date === null && m.created > (current?.created ?? 0))?.material_id
}

/** Forgets a material's secret; keys whose current material it was go back to PendingImport. */
export function deleteMaterialSecret(engine: Engine, keyId: string, materialId: string): void {
  statement(engine.db, `UPDATE key_materials SET sealed = x'', import_state = 'PENDING_IMPORT' WHERE key_id = ? AND material_id = ?`).run(keyId, materialId)
  statement(engine.db, `UPDATE keys SET key_state = 'PendingImport', valid_to = NULL, expiration_model = NULL
    WHERE key_id = ? AND current_material_id = ? AND key_state IN ('Enabled', 'Disabled')`).run(keyId, materialId)
}

/** Material whose ValidTo has passed is deleted, with AWS's DeleteExpiredKeyMaterial service event. */
export function expireDueMaterial(engine: Engine, now: number): void {
  const due = statement(engine.db, `SELECT key_id, material_id FROM key_materials WHERE valid_to IS NOT NULL AND valid_to <= ? AND length(sealed) > 0`)
    .all(now) as {key_id: string; material_id: string}[]
  for (const {key_id: keyId, material_id: materialId} of due) {
    const regions = statement(engine.db, 'SELECT region, arn FROM keys WHERE key_id = ?').all(keyId) as {region: string; arn: string}[]
    deleteMaterialSecret(engine, keyId, materialId)
    for (const {region, arn} of regions) {
      recordServiceEvent(engine, {region, eventName: 'DeleteExpiredKeyMaterial', keyArn: arn, details: {keyId, keyMaterialId: materialId}})
    }
  }
}
