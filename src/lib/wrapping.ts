/**
 * The keys that wrap or unwrap a message's data key, from what the user gave: KMS keys (`-k`),
 * raw AES keys (`--raw-aes-key NAMESPACE/NAME=FILE`) and raw RSA keys
 * (`--raw-rsa-key NAMESPACE/NAME=FILE`, PEM; public to encrypt, private to decrypt).
 */
import {DescribeKeyCommand, type KMSClient} from '@aws-sdk/client-kms'
import {readFileSync, statSync} from 'node:fs'
import {KmsError, UsageError, describeFsError} from './errors.js'
import {KMS_PROVIDER_ID, createKmsKeyring, createRawAesKeyring, createRawRsaKeyring, type Keyring, type MessageInfo, type RsaPadding, RSA_PADDINGS} from './envelope/index.js'
import {matchKeyArns} from './envelope/kms-arn.js'
import {ExitCode} from './errors.js'

export interface RawKeySpec {
  namespace: string
  name: string
  file: string
}

/** `NAMESPACE/NAME=FILE`: the namespace and name are written in the message; FILE holds the key. */
export function parseRawKeySpec(spec: string, flag: string): RawKeySpec {
  const m = /^([^/=]+)\/([^=]+)=(.+)$/.exec(spec)
  if (!m) throw new UsageError(`${flag} '${spec}' is not NAMESPACE/NAME=FILE`, {hint: `for example ${flag} backup/offline-1=./offline.key`})
  return {namespace: m[1], name: m[2], file: m[3]}
}

function readKeyFile(file: string, flag: string): Buffer {
  try {
    if (!statSync(file).isFile()) throw new UsageError(`${flag} file ${file} is not a regular file`)
    return readFileSync(file)
  } catch (error) {
    if (error instanceof KmsError) throw error
    throw describeFsError(`read the ${flag} file`, file, error)
  }
}

/** A raw AES key file holds 16, 24 or 32 bytes, raw or as base64 text. */
export function loadRawAesKeyring(spec: string): Keyring {
  const {namespace, name, file} = parseRawKeySpec(spec, '--raw-aes-key')
  const bytes = readKeyFile(file, '--raw-aes-key')
  const text = bytes.toString('utf8').trim()
  const key = [16, 24, 32].includes(bytes.length) ? bytes : /^[A-Za-z0-9+/=\s]+$/.test(text) ? Buffer.from(text, 'base64') : bytes
  if (![16, 24, 32].includes(key.length)) {
    throw new UsageError(`the --raw-aes-key file ${file} must hold a 128-, 192- or 256-bit key (raw bytes or base64)`, {hint: 'make one: kms random 32 -o key.bin, or openssl rand 32 > key.bin'})
  }
  try {
    return createRawAesKeyring({keyNamespace: namespace, keyName: name, wrappingKey: key})
  } finally {
    key.fill(0)
    bytes.fill(0)
  }
}

export function loadRawRsaKeyring(spec: string, padding: string): Keyring {
  const {namespace, name, file} = parseRawKeySpec(spec, '--raw-rsa-key')
  if (!RSA_PADDINGS.includes(padding as RsaPadding)) throw new UsageError(`unknown RSA padding '${padding}'`, {hint: `use one of ${RSA_PADDINGS.join(', ')}`})
  const pem = readKeyFile(file, '--raw-rsa-key').toString('utf8')
  const isPrivate = /PRIVATE KEY-----/.test(pem)
  if (!isPrivate && !/PUBLIC KEY-----/.test(pem)) throw new UsageError(`the --raw-rsa-key file ${file} is not a PEM RSA key`)
  return createRawRsaKeyring({keyNamespace: namespace, keyName: name, padding: padding as RsaPadding,
    ...(isPrivate ? {privateKey: pem} : {publicKey: pem})})
}

/** Key ARNs for decryption: the envelope matches EDKs by ARN, so aliases are resolved first. */
export async function resolveKeyArns(kms: KMSClient, keys: string[], clientForRegion?: (region: string) => KMSClient): Promise<string[]> {
  return Promise.all(keys.map(async key => {
    if (/^arn:[^:]+:kms:[^:]+:\d{12}:key\//.test(key)) return key
    // An alias ARN names its Region: aliases exist per Region, so ask that Region.
    const region = /^arn:[^:]+:kms:([^:]+):\d{12}:alias\//.exec(key)?.[1]
    const client = region !== undefined && clientForRegion ? clientForRegion(region) : kms
    return (await client.send(new DescribeKeyCommand({KeyId: key}))).KeyMetadata!.Arn!
  }))
}

export interface KeyringInputs {
  kms: KMSClient
  clientForRegion: (region: string) => KMSClient
  kmsKeys: string[]
  rawAesKeys?: string[]
  rawRsaKeys?: string[]
  rsaPadding?: string
  discovery?: {accountIds: string[]; region?: string}
}

export function buildKeyrings(inputs: KeyringInputs): Keyring[] {
  const keyrings: Keyring[] = []
  if (inputs.kmsKeys.length > 0) keyrings.push(createKmsKeyring({keyIds: inputs.kmsKeys, client: inputs.kms, clientForRegion: inputs.clientForRegion}))
  if (inputs.discovery) {
    keyrings.push(createKmsKeyring({client: inputs.kms, clientForRegion: inputs.clientForRegion, discovery: true,
      discoveryFilter: {accountIds: inputs.discovery.accountIds, partition: 'aws'}, discoveryRegion: inputs.discovery.region}))
  }
  for (const spec of inputs.rawAesKeys ?? []) keyrings.push(loadRawAesKeyring(spec))
  for (const spec of inputs.rawRsaKeys ?? []) keyrings.push(loadRawRsaKeyring(spec, inputs.rsaPadding ?? 'oaep-sha256'))
  return keyrings
}

/** The keys a decrypt command was given, to tell before any key is used whether one of them can open a message. */
export interface GivenKeys {
  kmsKeyArns: string[]
  /** `NAMESPACE/NAME` of the --raw-aes-key and --raw-rsa-key keys. */
  rawKeys: string[]
  /** --discovery: KMS keys of these accounts. */
  discoveryAccounts?: string[]
}

/**
 * Refuses, before any key is used, a message none of the given keys can open: no EDK under a -k
 * key, a raw key of the same namespace and name, or (with --discovery) a KMS key of an allowed
 * account. The error names the keys the message was encrypted under.
 */
export function checkKeysCanOpen(name: string, info: MessageInfo, given: GivenKeys): void {
  const kmsEdks = info.EncryptedDataKeys.filter(edk => edk.ProviderId === KMS_PROVIDER_ID).map(edk => edk.ProviderInfo)
  if (kmsEdks.some(edkArn => given.kmsKeyArns.some(arn => matchKeyArns(arn, edkArn)))) return
  if (given.discoveryAccounts && kmsEdks.some(edkArn => given.discoveryAccounts!.includes(edkArn.split(':')[4]))) return
  const others = info.EncryptedDataKeys.filter(edk => edk.ProviderId !== KMS_PROVIDER_ID).map(edk => `${edk.ProviderId}/${edk.ProviderInfo}`)
  if (others.some(raw => given.rawKeys.includes(raw))) return
  const accounts = [...new Set(kmsEdks.map(arn => arn.split(':')[4]))]
  const hints = [
    ...(kmsEdks.length > 0 ? [`its data key is wrapped under ${kmsEdks.join(', ')}: decrypt with -k ${kmsEdks[0]}`] : []),
    ...(others.length > 0 ? [`${kmsEdks.length > 0 ? 'or with' : 'its data key is wrapped under'} the raw key ${others.join(', ')} (--raw-aes-key / --raw-rsa-key NAMESPACE/NAME=FILE)`] : []),
    ...(kmsEdks.length > 0 ? [`or let the file name its key: --discovery --discovery-account ${accounts.join(' --discovery-account ')}`] : []),
  ]
  throw new KmsError('NoMatchingKey', `none of the keys given can decrypt ${name}`, {exitCode: ExitCode.Integrity, hint: hints})
}
