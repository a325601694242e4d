/**
 * Ed25519ph (RFC 8032 §5.1, phflag 1, empty context): AWS's ED25519_PH_SHA_512, which signs a
 * SHA-512 digest (MessageType DIGEST). Node 20's OpenSSL 3.0 has pure Ed25519 only, so the
 * prehash variant is done here on edwards25519 in extended coordinates. The key is node's own
 * Ed25519 KeyObject (its 32-byte seed). Not constant time: this is a local emulator.
 */
import {createHash, timingSafeEqual, type KeyObject} from 'node:crypto'
import {mod, modPow} from './ecdsa-digest.js'

const P = (1n << 255n) - 19n
const L = (1n << 252n) + 27742317777372353535851937790883648493n
const D = mod(-121665n * modPow(121666n, P - 2n, P), P)
const SQRT_M1 = modPow(2n, (P - 1n) / 4n, P)
const DOM2 = Buffer.concat([Buffer.from('SigEd25519 no Ed25519 collisions'), Buffer.of(1, 0)])

type Point = [bigint, bigint, bigint, bigint]

function add(a: Point, b: Point): Point {
  const A = mod((a[1] - a[0]) * (b[1] - b[0]), P)
  const B = mod((a[1] + a[0]) * (b[1] + b[0]), P)
  const C = mod(2n * D * a[3] * b[3], P)
  const Dd = mod(2n * a[2] * b[2], P)
  const E = B - A
  const F = Dd - C
  const G = Dd + C
  const H = B + A
  return [mod(E * F, P), mod(G * H, P), mod(F * G, P), mod(E * H, P)]
}

function multiply(k: bigint, point: Point): Point {
  let result: Point = [0n, 1n, 1n, 0n]
  let addend = point
  for (let e = k; e > 0n; e >>= 1n) {
    if (e & 1n) result = add(result, addend)
    addend = add(addend, addend)
  }
  return result
}

const le = (bytes: Buffer) => BigInt(`0x${Buffer.from(bytes).reverse().toString('hex') || '0'}`)
const toLe32 = (v: bigint) => Buffer.from(v.toString(16).padStart(64, '0'), 'hex').reverse()

function encode(point: Point): Buffer {
  const zi = modPow(point[2], P - 2n, P)
  const x = mod(point[0] * zi, P)
  const y = mod(point[1] * zi, P)
  const out = toLe32(y)
  out[31] |= Number(x & 1n) << 7
  return out
}

function decode(bytes: Buffer): Point | undefined {
  if (bytes.length !== 32) return undefined
  const copy = Buffer.from(bytes)
  const sign = copy[31] >> 7
  copy[31] &= 0x7f
  const y = le(copy)
  if (y >= P) return undefined
  const u = mod(y * y - 1n, P)
  const v = mod(D * y * y + 1n, P)
  let x = mod(u * modPow(v, 3n, P) * modPow(u * modPow(v, 7n, P), (P - 5n) / 8n, P), P)
  const vx2 = mod(v * x * x, P)
  if (vx2 === mod(-u, P)) x = mod(x * SQRT_M1, P)
  else if (vx2 !== u) return undefined
  if (x === 0n && sign === 1) return undefined
  if (Number(x & 1n) !== sign) x = P - x
  return [x, y, 1n, mod(x * y, P)]
}

const BASE = decode(toLe32(mod(4n * modPow(5n, P - 2n, P), P)))!
const sha512 = (...parts: Buffer[]) => parts.reduce((h, p) => h.update(p), createHash('sha512')).digest()

/** Signs a 64-byte SHA-512 digest of the message with an Ed25519 private key. */
export function signEd25519ph(privateKey: KeyObject, digest: Buffer): Buffer {
  const seed = Buffer.from(privateKey.export({format: 'jwk'}).d!, 'base64url')
  const h = sha512(seed)
  seed.fill(0)
  h[0] &= 248
  h[31] &= 127
  h[31] |= 64
  const s = le(h.subarray(0, 32))
  const publicKey = encode(multiply(s, BASE))
  const r = mod(le(sha512(DOM2, h.subarray(32), digest)), L)
  h.fill(0)
  const R = encode(multiply(r, BASE))
  const k = mod(le(sha512(DOM2, R, publicKey, digest)), L)
  return Buffer.concat([R, toLe32(mod(r + k * s, L))])
}

export function verifyEd25519ph(publicKey: KeyObject, digest: Buffer, signature: Buffer): boolean {
  if (signature.length !== 64) return false
  const A = Buffer.from(publicKey.export({format: 'jwk'}).x!, 'base64url')
  const a = decode(A)
  const r = decode(signature.subarray(0, 32))
  const s = le(signature.subarray(32))
  if (!a || !r || s >= L) return false
  const k = mod(le(sha512(DOM2, signature.subarray(0, 32), A, digest)), L)
  return timingSafeEqual(encode(multiply(s, BASE)), encode(add(r, multiply(k, a))))
}
