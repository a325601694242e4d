import {beforeAll, describe, expect, it} from 'vitest'
import KeysCreate from '../../src/commands/keys/create.js'
import ReplicasCreate from '../../src/commands/replicas/create.js'
import RotationDisable from '../../src/commands/rotation/disable.js'
import RotationEnable from '../../src/commands/rotation/enable.js'
import RotationList from '../../src/commands/rotation/list.js'
import RotationRotate from '../../src/commands/rotation/rotate.js'
import RotationStatus from '../../src/commands/rotation/status.js'
import {runCommand, useLocalHome} from './run-command.js'

async function createKey(...flags: string[]): Promise<{KeyId: string; CurrentKeyMaterialId?: string}> {
  return (await runCommand(KeysCreate, [...flags, '--json'])).json.KeyMetadata
}

describe('kms rotation', () => {
  beforeAll(() => {
    useLocalHome()
  })

  it('enables rotation by alias with --period-days, shows the status, and disables it', async () => {
    const key = await createKey('--alias', 'alias/rotating')
    expect((await runCommand(RotationEnable, ['alias/rotating', '--period-days', '180'])).stdout).toMatch(/every 180 days/)
    const status = await runCommand(RotationStatus, ['alias/rotating', '--json'])
    expect(status.json).toMatchObject({KeyRotationEnabled: true, RotationPeriodInDays: 180, CurrentKeyMaterialId: key.CurrentKeyMaterialId})
    expect(Date.parse(status.json.NextRotationDate) - Date.now()).toBeGreaterThan(179 * 86_400_000)
    expect((await runCommand(RotationStatus, [key.KeyId])).stdout).toMatch(/^RotationPeriodInDays: +180$/m)
    await runCommand(RotationDisable, [key.KeyId])
    expect((await runCommand(RotationStatus, [key.KeyId, '--json'])).json.KeyRotationEnabled).toBe(false)
    expect((await runCommand(RotationEnable, [key.KeyId, '--period-days', '30'])).exitCode).toBe(2)
  })

  it('rotates on demand and lists the rotation with its new current material', async () => {
    const key = await createKey()
    expect((await runCommand(RotationList, [key.KeyId])).stdout).toMatch(/No rotations/)
    expect((await runCommand(RotationRotate, [key.KeyId])).exitCode).toBe(0)
    const {json} = await runCommand(RotationList, [key.KeyId, '--all', '--json'])
    expect(json.Rotations.map((r: {KeyMaterialState: string}) => r.KeyMaterialState)).toEqual(['NON_CURRENT', 'CURRENT'])
    expect(json.Rotations[1]).toMatchObject({RotationType: 'ON_DEMAND'})
    expect((await runCommand(RotationList, [key.KeyId])).stdout).toMatch(/ON_DEMAND +CURRENT/)
  })

  it('explains the two ways imported key material rotates: on demand after importing new material, or by moving an alias', async () => {
    const key = await createKey('--origin', 'EXTERNAL')
    const result = await runCommand(RotationEnable, [key.KeyId])
    expect(result.exitCode).toBe(2)
    expect(result.stderr).toMatch(/imported key material/)
    expect(result.stderr).toMatch(/^hint: rotate it on demand: kms import material KEY --material FILE --new, then kms rotation rotate KEY\nhint: or rotate by hand: .*kms aliases update alias\/NAME/m)
  })

  it('points a rotation of a replica at its primary with the key ID, which works in any Region (aliases do not)', async () => {
    const key = await createKey('--multi-region')
    await runCommand(ReplicasCreate, [key.KeyId, '--replica-region', 'eu-west-1'])
    const result = await runCommand(RotationRotate, [key.KeyId, '--region', 'eu-west-1'])
    expect(result.exitCode).toBe(2)
    expect(result.stderr).toContain(`hint: run it in the primary's Region, with the key ID (aliases are per Region): kms rotation rotate ${key.KeyId} --region us-east-1`)
    expect((await runCommand(RotationList, [key.KeyId, '--region', 'eu-west-1'])).stdout).toContain(`Rotate now: kms rotation rotate ${key.KeyId} --region us-east-1`)
    expect((await runCommand(RotationRotate, [key.KeyId, '--region', 'us-east-1'])).exitCode).toBe(0)
  })

  it('refuses asymmetric keys with a usage error that names the key spec', async () => {
    const key = await createKey('--spec', 'ECC_NIST_P256')
    const result = await runCommand(RotationRotate, [key.KeyId])
    expect(result.exitCode).toBe(2)
    expect(result.stderr).toMatch(/ECC_NIST_P256 key: only symmetric encryption keys rotate/)
  })
})
