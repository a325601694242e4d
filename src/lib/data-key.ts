/** The `kms data-key` result: every blob base64, the plaintext zeroed once encoded. */
export interface DataKeyResult {
  KeyId: string
  CiphertextBlob?: string
  Plaintext?: string
  KeyPairSpec?: string
  PublicKey?: string
  PrivateKeyCiphertextBlob?: string
  PrivateKeyPlaintext?: string
  KeyMaterialId?: string
}

export function toBase64AndZero(bytes: Uint8Array): string {
  const text = Buffer.from(bytes.buffer, bytes.byteOffset, bytes.byteLength).toString('base64')
  bytes.fill(0)
  return text
}
