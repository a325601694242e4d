/**
 * Rotation flows for `kms rotation`: which keys can rotate (and the hint when one cannot), and the
 * whole rotation history through the SDK's paginator.
 */
import {DescribeKeyCommand, paginateListKeyRotations, type KMSClient, type KeyMetadata, type RotationsListEntry} from '@aws-sdk/client-kms'
import {KmsError, ExitCode} from './errors.js'

export const MANUAL_ROTATION_HINT = 'or rotate by hand: create a new key (kms keys create --origin EXTERNAL), import new material into it, '
  + 'then move the alias your applications use: kms aliases update alias/NAME NEW_KEY_ID'

/** The key's metadata, or a usage error explaining why this key cannot rotate the way asked. */
export async function requireRotatableKey(client: KMSClient, keyId: string, mode: 'automatic' | 'on-demand' | 'any'): Promise<KeyMetadata> {
  const {KeyMetadata: key} = await client.send(new DescribeKeyCommand({KeyId: keyId}))
  const fail = (message: string, hint: string | string[]) => new KmsError('UnsupportedOperationException', message, {hint, exitCode: ExitCode.Usage})
  if (key!.KeySpec !== 'SYMMETRIC_DEFAULT') {
    throw fail(`${key!.KeyId} is a ${key!.KeySpec} key: only symmetric encryption keys rotate`,
      'for asymmetric and HMAC keys, rotate manually: create a new key and move the alias: kms aliases update alias/NAME NEW_KEY_ID')
  }
  if (key!.MultiRegionConfiguration?.MultiRegionKeyType === 'REPLICA' && mode !== 'any') {
    const primary = key!.MultiRegionConfiguration.PrimaryKey
    throw fail(`${key!.KeyId} is a replica: rotation is managed on its primary key`,
      `run it in the primary's Region, with the key ID (aliases are per Region): kms rotation ${mode === 'automatic' ? 'enable' : 'rotate'} ${key!.KeyId} --region ${primary?.Region}`)
  }
  if (key!.Origin === 'EXTERNAL' && mode === 'automatic') {
    throw fail(`${key!.KeyId} has imported key material, which KMS never rotates automatically`, [
      'rotate it on demand: kms import material KEY --material FILE --new, then kms rotation rotate KEY', MANUAL_ROTATION_HINT])
  }
  return key!
}

export async function listAllRotations(client: KMSClient, keyId: string, all: boolean): Promise<RotationsListEntry[]> {
  const rotations: RotationsListEntry[] = []
  const input = {KeyId: keyId, IncludeKeyMaterial: all ? 'ALL_KEY_MATERIAL' as const : undefined}
  for await (const page of paginateListKeyRotations({client}, input)) rotations.push(...(page.Rotations ?? []))
  return rotations
}
