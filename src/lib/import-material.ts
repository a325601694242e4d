/**
 * `kms import material`: the whole BYOK dance AWS users do by hand with OpenSSL. Get a wrapping
 * public key and an import token, wrap the material locally with node:crypto (RSAES-OAEP, or
 * RSA_AES_KEY_WRAP: a fresh AES-256 key wrapped with RSAES-OAEP ‖ the material wrapped with
 * AES-KWP, RFC 5649), then import it. The material and the AES key are zeroed after use.
 */
import {
  GetParametersForImportCommand, ImportKeyMaterialCommand, type AlgorithmSpec, type ExpirationModelType, type ImportType, type KMSClient,
  type WrappingKeySpec,
} from '@aws-sdk/client-kms'
import {constants, createCipheriv, createPublicKey, publicEncrypt, randomBytes} from 'node:crypto'

export const WRAPPING_ALGORITHMS = ['RSA_AES_KEY_WRAP_SHA_256', 'RSA_AES_KEY_WRAP_SHA_1', 'RSAES_OAEP_SHA_256', 'RSAES_OAEP_SHA_1']
export const WRAPPING_KEY_SPECS = ['RSA_4096', 'RSA_3072', 'RSA_2048']

export interface ImportOptions {
  wrappingAlgorithm: string
  wrappingKeySpec: string
  validTo?: Date
  importType?: ImportType
  description?: string
}

export function wrapKeyMaterial(publicKeyDer: Uint8Array, algorithm: string, material: Buffer): Buffer {
  const key = createPublicKey({key: Buffer.from(publicKeyDer), format: 'der', type: 'spki'})
  const oaep = (data: Buffer) => publicEncrypt({key, padding: constants.RSA_PKCS1_OAEP_PADDING, oaepHash: algorithm.endsWith('SHA_1') ? 'sha1' : 'sha256'}, data)
  if (algorithm.startsWith('RSAES_OAEP')) return oaep(material)
  const aesKey = randomBytes(32)
  try {
    const cipher = createCipheriv('id-aes256-wrap-pad', aesKey, Buffer.from('a65959a6', 'hex'))
    return Buffer.concat([oaep(aesKey), cipher.update(material), cipher.final()])
  } finally {
    aesKey.fill(0)
  }
}

export async function importKeyMaterial(client: KMSClient, keyId: string, material: Buffer, options: ImportOptions):
  Promise<{KeyId: string; KeyMaterialId?: string; ExpirationModel: string; ValidTo?: Date}> {
  try {
    const params = await client.send(new GetParametersForImportCommand({KeyId: keyId, WrappingAlgorithm: options.wrappingAlgorithm as AlgorithmSpec,
      WrappingKeySpec: options.wrappingKeySpec as WrappingKeySpec}))
    const ExpirationModel: ExpirationModelType = options.validTo ? 'KEY_MATERIAL_EXPIRES' : 'KEY_MATERIAL_DOES_NOT_EXPIRE'
    const out = await client.send(new ImportKeyMaterialCommand({KeyId: keyId, ImportToken: params.ImportToken,
      EncryptedKeyMaterial: wrapKeyMaterial(params.PublicKey!, options.wrappingAlgorithm, material), ExpirationModel, ValidTo: options.validTo,
      ImportType: options.importType, KeyMaterialDescription: options.description}))
    return {KeyId: out.KeyId!, KeyMaterialId: out.KeyMaterialId, ExpirationModel, ValidTo: options.validTo}
  } finally {
    material.fill(0)
  }
}
