/**
 * RSA signatures over a caller-supplied digest (MessageType DIGEST), which node:crypto's sign()
 * cannot take. PKCS#1 v1.5: the DigestInfo is signed with privateEncrypt (RFC 8017 §8.2). PSS:
 * EMSA-PSS-ENCODE with MGF1 and a salt as long as the hash (what AWS KMS uses), then the raw RSA
 * private operation (privateDecrypt without padding); verification reverses it (§9.1.2).
 */
import {constants, createHash, privateDecrypt, privateEncrypt, publicDecrypt, publicEncrypt, randomBytes, timingSafeEqual, type KeyObject} from 'node:crypto'

type Hash = 'sha256' | 'sha384' | 'sha512'

const DIGEST_INFO: Record<Hash, Buffer> = {
  sha256: Buffer.from('3031300d060960864801650304020105000420', 'hex'),
  sha384: Buffer.from('3041300d060960864801650304020205000430', 'hex'),
  sha512: Buffer.from('3051300d060960864801650304020305000440', 'hex'),
}

export function signDigestPkcs1(key: KeyObject, hash: Hash, digest: Buffer): Buffer {
  return privateEncrypt({key, padding: constants.RSA_PKCS1_PADDING}, Buffer.concat([DIGEST_INFO[hash], digest]))
}

export function verifyDigestPkcs1(key: KeyObject, hash: Hash, digest: Buffer, signature: Buffer): boolean {
  try {
    const recovered = publicDecrypt({key, padding: constants.RSA_PKCS1_PADDING}, signature)
    const expected = Buffer.concat([DIGEST_INFO[hash], digest])
    return recovered.length === expected.length && timingSafeEqual(recovered, expected)
  } catch {
    return false
  }
}

function mgf1(hash: Hash, seed: Buffer, length: number): Buffer {
  const parts: Buffer[] = []
  for (let counter = 0, have = 0; have < length; counter++) {
    const c = Buffer.alloc(4)
    c.writeUInt32BE(counter)
    const block = createHash(hash).update(seed).update(c).digest()
    parts.push(block)
    have += block.length
  }
  return Buffer.concat(parts).subarray(0, length)
}

const modulusBits = (key: KeyObject) => key.asymmetricKeyDetails!.modulusLength!

export function signDigestPss(key: KeyObject, hash: Hash, digest: Buffer): Buffer {
  const modBits = modulusBits(key)
  const emBits = modBits - 1
  const emLen = Math.ceil(emBits / 8)
  const hLen = digest.length
  const salt = randomBytes(hLen)
  const h = createHash(hash).update(Buffer.alloc(8)).update(digest).update(salt).digest()
  const db = Buffer.alloc(emLen - hLen - 1)
  db[db.length - hLen - 1] = 0x01
  salt.copy(db, db.length - hLen)
  const mask = mgf1(hash, h, db.length)
  for (let i = 0; i < db.length; i++) db[i] ^= mask[i]
  db[0] &= 0xff >> (8 * emLen - emBits)
  const k = Math.ceil(modBits / 8)
  const em = Buffer.concat([Buffer.alloc(k - emLen), db, h, Buffer.of(0xbc)])
  return privateDecrypt({key, padding: constants.RSA_NO_PADDING}, em)
}

export function verifyDigestPss(key: KeyObject, hash: Hash, digest: Buffer, signature: Buffer): boolean {
  const modBits = modulusBits(key)
  const k = Math.ceil(modBits / 8)
  if (signature.length !== k) return false
  let m: Buffer
  try {
    m = publicEncrypt({key, padding: constants.RSA_NO_PADDING}, signature)
  } catch {
    return false
  }
  const emBits = modBits - 1
  const emLen = Math.ceil(emBits / 8)
  const hLen = digest.length
  if (m.subarray(0, k - emLen).some(b => b !== 0)) return false
  const em = m.subarray(k - emLen)
  if (em[emLen - 1] !== 0xbc || emLen < 2 * hLen + 2) return false
  const db = Buffer.from(em.subarray(0, emLen - hLen - 1))
  const h = em.subarray(emLen - hLen - 1, emLen - 1)
  const topBits = 0xff >> (8 * emLen - emBits)
  if (db[0] & ~topBits & 0xff) return false
  const mask = mgf1(hash, h, db.length)
  for (let i = 0; i < db.length; i++) db[i] ^= mask[i]
  db[0] &= topBits
  const padEnd = db.length - hLen - 1
  if (db.subarray(0, padEnd).some(b => b !== 0) || db[padEnd] !== 0x01) return false
  const expected = createHash(hash).update(Buffer.alloc(8)).update(digest).update(db.subarray(padEnd + 1)).digest()
  return timingSafeEqual(expected, h)
}
