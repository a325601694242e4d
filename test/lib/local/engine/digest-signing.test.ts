import {constants, createHash, createPrivateKey, createPublicKey, generateKeyPairSync, sign, verify} from 'node:crypto'
import {ed25519ph} from '@noble/curves/ed25519.js'
import {p256, p384, p521} from '@noble/curves/nist.js'
import {secp256k1} from '@noble/curves/secp256k1.js'
import {describe, expect, it} from 'vitest'
import {signDigestEcdsa, verifyDigestEcdsa} from '../../../../src/lib/local/engine/ecdsa-digest.js'
import {signEd25519ph, verifyEd25519ph} from '../../../../src/lib/local/engine/ed25519ph.js'
import {signDigestPkcs1, signDigestPss, verifyDigestPkcs1, verifyDigestPss} from '../../../../src/lib/local/engine/rsa-digest.js'

const message = Buffer.from('the message')
const flipped = (sig: Buffer, at = 10) => {
  const copy = Buffer.from(sig)
  copy[at] ^= 1
  return copy
}

describe('signatures over a caller-supplied digest (MessageType DIGEST)', () => {
  it('reproduces the Ed25519ph test vector of RFC 8032 §7.3 and verifies it', () => {
    const seed = Buffer.from('833fe62409237b9d62ec77587520911e9a759cec1d19755b7da901b96dca3d42', 'hex')
    const key = createPrivateKey({key: Buffer.concat([Buffer.from('302e020100300506032b657004220420', 'hex'), seed]), format: 'der', type: 'pkcs8'})
    const digest = createHash('sha512').update('abc').digest()
    const signature = signEd25519ph(key, digest)
    expect(signature.toString('hex')).toBe('98a70222f0b8121aa9d30f813d683f809e462b469c7ff87639499bb94e6dae41'
      + '31f85042463c2a355a2003d062adf5aaa10b8c61e636062aaad11c2a26083406')
    expect(verifyEd25519ph(createPublicKey(key), digest, signature)).toBe(true)
    expect(verifyEd25519ph(createPublicKey(key), digest, flipped(signature))).toBe(false)
    expect(verifyEd25519ph(createPublicKey(key), createHash('sha512').update('abd').digest(), signature)).toBe(false)
    expect(Buffer.from(ed25519ph.sign(Buffer.from('abc'), seed))).toEqual(signature)
  })

  for (const [curve, hash, noble] of [['prime256v1', 'sha256', p256], ['secp384r1', 'sha384', p384], ['secp521r1', 'sha512', p521],
    ['secp256k1', 'sha256', secp256k1]] as const) {
    it(`makes ECDSA ${curve} signatures over a digest that OpenSSL accepts for the message, and verifies OpenSSL's (SEC 1 §4.1)`, () => {
      const {privateKey, publicKey} = generateKeyPairSync('ec', {namedCurve: curve})
      const digest = createHash(hash).update(message).digest()
      const ours = signDigestEcdsa(privateKey, curve, digest)
      expect(verify(hash, message, publicKey, ours)).toBe(true)
      expect(verifyDigestEcdsa(publicKey, curve, digest, ours)).toBe(true)
      expect(verifyDigestEcdsa(publicKey, curve, digest, sign(hash, message, privateKey))).toBe(true)
      expect(verifyDigestEcdsa(publicKey, curve, digest, flipped(ours))).toBe(false)
      expect(verifyDigestEcdsa(publicKey, curve, createHash(hash).update('other').digest(), ours)).toBe(false)
      // OpenSSL does not normalize s: both halves must verify, here and in OpenSSL.
      const {r, s} = noble.Signature.fromBytes(ours, 'der')
      const other = Buffer.from(new noble.Signature(r, noble.Point.Fn.neg(s)).toBytes('der'))
      expect(verify(hash, message, publicKey, other)).toBe(true)
      expect(verifyDigestEcdsa(publicKey, curve, digest, other)).toBe(true)
      expect(verifyDigestEcdsa(publicKey, curve, digest, Buffer.concat([ours, Buffer.of(0)]))).toBe(false)
    })
  }

  it('makes RSASSA-PSS and PKCS #1 v1.5 signatures over a digest that OpenSSL accepts (RFC 8017 §8)', () => {
    const {privateKey, publicKey} = generateKeyPairSync('rsa', {modulusLength: 2048})
    for (const hash of ['sha256', 'sha384', 'sha512'] as const) {
      const digest = createHash(hash).update(message).digest()
      const pss = {key: publicKey, padding: constants.RSA_PKCS1_PSS_PADDING, saltLength: digest.length}
      const ours = signDigestPss(privateKey, hash, digest)
      expect(verify(hash, message, pss, ours)).toBe(true)
      expect(verifyDigestPss(publicKey, hash, digest, sign(hash, message, {...pss, key: privateKey}))).toBe(true)
      expect(verifyDigestPss(publicKey, hash, digest, flipped(ours))).toBe(false)
      const pkcs1 = signDigestPkcs1(privateKey, hash, digest)
      expect(verify(hash, message, publicKey, pkcs1)).toBe(true)
      expect(verifyDigestPkcs1(publicKey, hash, digest, pkcs1)).toBe(true)
      expect(verifyDigestPkcs1(publicKey, hash, digest, flipped(pkcs1))).toBe(false)
    }
  })
})
