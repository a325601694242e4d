/**
 * ECDSA over a caller-supplied digest (MessageType DIGEST), which node:crypto cannot do: it always
 * hashes its input. Signing takes the nonce k and R = k·G from a fresh key pair made by node:crypto
 * (so the secret-dependent point multiplication stays in OpenSSL) and finishes with
 * s = k⁻¹(e + r·d) mod n. Verification (public data only) does u1·G + u2·Q in Jacobian coordinates.
 * Curve constants are OpenSSL's (`openssl ecparam -param_enc explicit`). Signatures are DER, as AWS
 * returns them. Not constant time: this is a local emulator, not an HSM.
 */
import {generateKeyPairSync, type KeyObject} from 'node:crypto'

interface Curve {
  p: bigint
  a: bigint
  n: bigint
  g: [bigint, bigint]
}

const big = (hex: string) => BigInt(`0x${hex}`)
const CURVES: Record<string, Curve> = {
  prime256v1: {
    p: big('ffffffff00000001000000000000000000000000ffffffffffffffffffffffff'), a: -3n,
    n: big('ffffffff00000000ffffffffffffffffbce6faada7179e84f3b9cac2fc632551'),
    g: [big('6b17d1f2e12c4247f8bce6e563a440f277037d812deb33a0f4a13945d898c296'), big('4fe342e2fe1a7f9b8ee7eb4a7c0f9e162bce33576b315ececbb6406837bf51f5')],
  },
  secp384r1: {
    p: big('fffffffffffffffffffffffffffffffffffffffffffffffffffffffffffffffeffffffff0000000000000000ffffffff'), a: -3n,
    n: big('ffffffffffffffffffffffffffffffffffffffffffffffffc7634d81f4372ddf581a0db248b0a77aecec196accc52973'),
    g: [big('aa87ca22be8b05378eb1c71ef320ad746e1d3b628ba79b9859f741e082542a385502f25dbf55296c3a545e3872760ab7'),
      big('3617de4a96262c6f5d9e98bf9292dc29f8f41dbd289a147ce9da3113b5f0b8c00a60b1ce1d7e819d7a431d7c90ea0e5f')],
  },
  secp521r1: {
    p: (1n << 521n) - 1n, a: -3n,
    n: big('01fffffffffffffffffffffffffffffffffffffffffffffffffffffffffffffffffa51868783bf2f966b7fcc0148f709a5d03bb5c9b8899c47aebb6fb71e91386409'),
    g: [big('00c6858e06b70404e9cd9e3ecb662395b4429c648139053fb521f828af606b4d3dbaa14b5e77efe75928fe1dc127a2ffa8de3348b3c1856a429bf97e7e31c2e5bd66'),
      big('011839296a789a3bc0045c8a5fb42c7d1bd998f54449579b446817afbd17273e662c97ee72995ef42640c550b9013fad0761353c7086a272c24088be94769fd16650')],
  },
  secp256k1: {
    p: big('fffffffffffffffffffffffffffffffffffffffffffffffffffffffefffffc2f'), a: 0n,
    n: big('fffffffffffffffffffffffffffffffebaaedce6af48a03bbfd25e8cd0364141'),
    g: [big('79be667ef9dcbbac55a06295ce870b07029bfcdb2dce28d959f2815b16f81798'), big('483ada7726a3c4655da4fbfc0e1108a8fd17b448a68554199c47d08ffb10d4b8')],
  },
}

export const mod = (a: bigint, m: bigint) => ((a % m) + m) % m

export function modPow(base: bigint, exp: bigint, m: bigint): bigint {
  let result = 1n
  let b = mod(base, m)
  for (let e = exp; e > 0n; e >>= 1n) {
    if (e & 1n) result = (result * b) % m
    b = (b * b) % m
  }
  return result
}

const inverse = (a: bigint, m: bigint) => modPow(a, m - 2n, m)

type Jacobian = [bigint, bigint, bigint] | null

function double(c: Curve, pt: Jacobian): Jacobian {
  if (!pt || pt[1] === 0n) return null
  const [x, y, z] = pt
  const {p} = c
  const yy = (y * y) % p
  const s = (4n * x * yy) % p
  const z2 = (z * z) % p
  const m = mod(3n * x * x + c.a * z2 * z2, p)
  const x3 = mod(m * m - 2n * s, p)
  return [x3, mod(m * (s - x3) - 8n * yy * yy, p), (2n * y * z) % p]
}

function add(c: Curve, a: Jacobian, b: Jacobian): Jacobian {
  if (!a) return b
  if (!b) return a
  const {p} = c
  const [x1, y1, z1] = a
  const [x2, y2, z2] = b
  const z1z1 = (z1 * z1) % p
  const z2z2 = (z2 * z2) % p
  const u1 = (x1 * z2z2) % p
  const u2 = (x2 * z1z1) % p
  const s1 = (y1 * z2 * z2z2) % p
  const s2 = (y2 * z1 * z1z1) % p
  if (u1 === u2) return s1 === s2 ? double(c, a) : null
  const h = mod(u2 - u1, p)
  const r = mod(s2 - s1, p)
  const hh = (h * h) % p
  const hhh = (h * hh) % p
  const x3 = mod(r * r - hhh - 2n * u1 * hh, p)
  return [x3, mod(r * (u1 * hh - x3) - s1 * hhh, p), (h * z1 * z2) % p]
}

/** k·P by double-and-add (public scalars only). */
export function multiply(curve: string, k: bigint, point: [bigint, bigint]): [bigint, bigint] | null {
  const c = CURVES[curve]
  let result: Jacobian = null
  let addend: Jacobian = [point[0], point[1], 1n]
  for (let e = k; e > 0n; e >>= 1n) {
    if (e & 1n) result = add(c, result, addend)
    addend = double(c, addend)
  }
  return toAffine(c, result)
}

function toAffine(c: Curve, pt: Jacobian): [bigint, bigint] | null {
  if (!pt || pt[2] === 0n) return null
  const zi = inverse(pt[2], c.p)
  const zi2 = (zi * zi) % c.p
  return [(pt[0] * zi2) % c.p, (pt[1] * zi2 * zi) % c.p]
}

export const generatorOf = (curve: string) => CURVES[curve].g
export const orderOf = (curve: string) => CURVES[curve].n

const fromB64 = (s: string) => BigInt(`0x${Buffer.from(s, 'base64url').toString('hex') || '0'}`)

/** The digest as an integer, truncated to the bit length of n (SEC 1 §4.1.3 step 5). */
function digestInteger(digest: Buffer, n: bigint): bigint {
  const e = BigInt(`0x${digest.toString('hex')}`)
  const excess = digest.length * 8 - n.toString(2).length
  return excess > 0 ? e >> BigInt(excess) : e
}

export function signDigestEcdsa(privateKey: KeyObject, curve: string, digest: Buffer): Buffer {
  const {n} = CURVES[curve]
  const d = fromB64(privateKey.export({format: 'jwk'}).d!)
  const e = digestInteger(digest, n)
  for (;;) {
    const jwk = generateKeyPairSync('ec', {namedCurve: curve}).privateKey.export({format: 'jwk'})
    const k = fromB64(jwk.d!)
    const r = mod(fromB64(jwk.x!), n)
    if (r === 0n) continue
    const s = mod(inverse(k, n) * (e + r * d), n)
    if (s !== 0n) return encodeDer(r, s)
  }
}

export function verifyDigestEcdsa(publicKey: KeyObject, curve: string, digest: Buffer, signature: Buffer): boolean {
  const c = CURVES[curve]
  const rs = decodeDer(signature)
  if (!rs) return false
  const [r, s] = rs
  if (r <= 0n || r >= c.n || s <= 0n || s >= c.n) return false
  const jwk = publicKey.export({format: 'jwk'})
  const q: [bigint, bigint] = [fromB64(jwk.x!), fromB64(jwk.y!)]
  const w = inverse(s, c.n)
  const e = digestInteger(digest, c.n)
  const u1 = multiply(curve, mod(e * w, c.n), c.g)
  const u2 = multiply(curve, mod(r * w, c.n), q)
  const sum = toAffine(c, add(c, u1 && [u1[0], u1[1], 1n], u2 && [u2[0], u2[1], 1n]))
  return sum !== null && mod(sum[0], c.n) === r
}

function derInteger(v: bigint): Buffer {
  let hex = v.toString(16)
  if (hex.length % 2) hex = `0${hex}`
  let bytes = Buffer.from(hex, 'hex')
  if (bytes[0] & 0x80) bytes = Buffer.concat([Buffer.of(0), bytes])
  return Buffer.concat([Buffer.of(0x02), derLength(bytes.length), bytes])
}

const derLength = (n: number) => (n < 0x80 ? Buffer.of(n) : Buffer.of(0x81, n))

export function encodeDer(r: bigint, s: bigint): Buffer {
  const body = Buffer.concat([derInteger(r), derInteger(s)])
  return Buffer.concat([Buffer.of(0x30), derLength(body.length), body])
}

/** SEQUENCE { INTEGER r, INTEGER s } in strict DER, or undefined. */
export function decodeDer(sig: Buffer): [bigint, bigint] | undefined {
  let at = 0
  const readLength = (): number | undefined => {
    const first = sig[at++]
    if (first === undefined) return undefined
    if (first < 0x80) return first
    if (first !== 0x81 || sig[at] === undefined || sig[at] < 0x80) return undefined
    return sig[at++]
  }
  if (sig[at++] !== 0x30) return undefined
  const total = readLength()
  if (total === undefined || at + total !== sig.length) return undefined
  const ints: bigint[] = []
  for (let i = 0; i < 2; i++) {
    if (sig[at++] !== 0x02) return undefined
    const len = readLength()
    if (!len || at + len > sig.length) return undefined
    const bytes = sig.subarray(at, at + len)
    if (bytes[0] & 0x80 || (len > 1 && bytes[0] === 0 && !(bytes[1] & 0x80))) return undefined
    ints.push(BigInt(`0x${bytes.toString('hex')}`))
    at += len
  }
  return at === sig.length ? [ints[0], ints[1]] : undefined
}
