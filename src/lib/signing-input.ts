/**
 * Messages for `kms sign`, `kms verify` and `kms mac`: read from a file or stdin, and sent the way
 * KMS takes them. Sign and Verify accept at most 4096 bytes of RAW message; a larger message is
 * hashed here and sent as a DIGEST, which gives the same signature (kms-api.md §1.3).
 * ED25519_PH_SHA_512 always signs a SHA-512 digest.
 */
import {DescribeKeyCommand, type KMSClient, type MessageType} from '@aws-sdk/client-kms'
import {createHash, randomBytes} from 'node:crypto'
import {closeSync, readFileSync, renameSync, rmSync, statSync, writeFileSync} from 'node:fs'
import {KmsError, UsageError, describeFsError} from './errors.js'
import {openStream, outputKind, statIfAny} from './special-files.js'

export const MAX_RAW_MESSAGE = 4096

/** The bytes of a file, or of stdin for `-`. */
export function readBytes(path: string, what: string): Buffer {
  try {
    return readFileSync(path === '-' ? 0 : path)
  } catch (error) {
    throw describeFsError(`read the ${what}`, path === '-' ? 'from stdin' : path, error)
  }
}

/** A signature or MAC file: its bytes, refused when empty (KMS would answer with a Java type name). */
export function readNonEmpty(path: string, what: string): Buffer {
  const bytes = readBytes(path, what)
  if (bytes.length === 0) throw new UsageError(`the ${what} ${path === '-' ? 'on stdin' : path} is empty`, {hint: `give the file kms ${what === 'MAC' ? 'mac generate' : 'sign'} wrote`})
  return bytes
}

/** Writes stdout (`-`), a FIFO or device (special-files.ts) or a file; an existing file is refused unless `force`. */
export function writeBytes(path: string, bytes: Uint8Array, {mode = 0o644, force = false}: {mode?: number; force?: boolean} = {}): void {
  if (path === '-') {
    process.stdout.write(bytes)
    return
  }
  if (outputKind(path) === 'stream') {
    const fd = openStream(path)
    try {
      writeFileSync(fd, bytes)
    } catch (error) {
      throw describeFsError('write', path, error)
    } finally {
      closeSync(fd)
    }
    return
  }
  // Replacing goes through a new file renamed over the old one: it gets `mode` (a key file stays 0600), and a failed write leaves the old one.
  if (statIfAny(path, statSync)?.isDirectory()) throw new UsageError(`the output ${path} is a directory`, {hint: 'name a file: -o DIR/NAME'})
  // The temporary name is unguessable, and only a file this call made is removed.
  const target = force ? `${path}.${randomBytes(6).toString('hex')}.tmp` : path
  let made = false
  try {
    writeFileSync(target, bytes, {mode, flag: 'wx'})
    made = true
    if (force) renameSync(target, path)
  } catch (error) {
    if (force && made) rmSync(target, {force: true})
    if ((error as NodeJS.ErrnoException).code === 'EEXIST' && !force) throw new UsageError(`output file ${path} already exists`, {hint: 'choose another path with -o, or replace it with --force'})
    throw describeFsError('write', path, error)
  }
}

/** A message KMS takes whole (GenerateMac, VerifyMac): 1 to 4096 bytes. */
export function checkWholeMessage(data: Buffer, path: string): Buffer {
  const name = path === '-' ? 'the message on stdin' : path
  if (data.length === 0) throw new UsageError(`${name} is empty: KMS takes messages of 1 to ${MAX_RAW_MESSAGE} bytes`)
  if (data.length > MAX_RAW_MESSAGE) {
    throw new UsageError(`${name} has ${data.length} bytes: KMS computes MACs of at most ${MAX_RAW_MESSAGE}`, {hint: 'MAC a digest of it instead, e.g. openssl dgst -sha256 -binary FILE | kms mac generate KEY -'})
  }
  return data
}

const hashOf = (algorithm: string) => `sha${/(224|256|384|512)$/.exec(algorithm)?.[1] ?? '256'}`

export function prepareMessage(data: Buffer, algorithm: string, messageType?: MessageType): {Message: Buffer; MessageType: MessageType} {
  if (data.length === 0) throw new UsageError('the message is empty: KMS signs messages of 1 byte or more')
  if (messageType) return {Message: data, MessageType: messageType}
  if (algorithm === 'ED25519_PH_SHA_512') return {Message: createHash('sha512').update(data).digest(), MessageType: 'DIGEST'}
  if (data.length <= MAX_RAW_MESSAGE) return {Message: data, MessageType: 'RAW'}
  if (algorithm === 'ED25519_SHA_512') {
    throw new UsageError(`ED25519_SHA_512 signs at most ${MAX_RAW_MESSAGE} bytes; this message has ${data.length}`, {hint: 'use --algorithm ED25519_PH_SHA_512 for larger messages'})
  }
  return {Message: createHash(hashOf(algorithm)).update(data).digest(), MessageType: 'DIGEST'}
}

/** The algorithm to use when none is given: the first one the key lists. */
export async function defaultAlgorithm(client: KMSClient, keyId: string, kind: 'SigningAlgorithms' | 'MacAlgorithms'): Promise<string> {
  const {KeyMetadata} = await client.send(new DescribeKeyCommand({KeyId: keyId}))
  const algorithm = KeyMetadata?.[kind]?.[0]
  if (!algorithm) {
    const spec = KeyMetadata?.KeySpec ?? 'unknown'
    throw new KmsError('InvalidKeyUsageException', `${keyId} is ${spec === 'SYMMETRIC_DEFAULT' ? 'a' : 'an'} ${spec} key for ${KeyMetadata?.KeyUsage}, not for ${kind === 'SigningAlgorithms' ? 'signing' : 'MACs'}`,
      {hint: kind === 'SigningAlgorithms' ? 'create one: kms keys create --spec ECC_NIST_P256 --usage SIGN_VERIFY' : 'create one: kms keys create --spec HMAC_256'})
  }
  return algorithm
}
