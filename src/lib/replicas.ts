/**
 * Multi-Region key flows for `kms replicas`: ReplicateKey and UpdatePrimaryRegion must be sent to the
 * primary key's Region, so the commands find the primary first and talk to its Region.
 */
import {DescribeKeyCommand, type KMSClient, type MultiRegionConfiguration} from '@aws-sdk/client-kms'
import {KmsError, ExitCode} from './errors.js'

export interface PrimaryKey {
  KeyId: string
  Region: string
  Configuration: MultiRegionConfiguration
}

/** The primary of a multi-Region key, or a usage error for a single-Region key. */
export async function findPrimary(client: KMSClient, keyId: string): Promise<PrimaryKey> {
  const {KeyMetadata: key} = await client.send(new DescribeKeyCommand({KeyId: keyId}))
  const configuration = key?.MultiRegionConfiguration
  if (!key?.MultiRegion || !configuration?.PrimaryKey?.Region) {
    throw new KmsError('UnsupportedOperationException', `${key?.KeyId ?? keyId} is a single-Region key and cannot have replicas`, {
      exitCode: ExitCode.Usage, hint: 'multi-Region keys are created so: kms keys create --multi-region'})
  }
  return {KeyId: key.KeyId!, Region: configuration.PrimaryKey.Region, Configuration: configuration}
}
