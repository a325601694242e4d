import {ServiceError} from '../service-error.js'
import {resolveKey, type KeyRow} from '../engine/keys.js'
import {listMaterials, type MaterialRow} from '../engine/material.js'
import {optionalEnum, requiredString} from '../validate.js'
import {paginate} from './pagination.js'
import type {Operation} from './operation.js'

/** A material's state: the current one, an imported one waiting for RotateKeyOnDemand (newer than the current), or an earlier one. */
export function materialState(key: KeyRow, material: MaterialRow, currentCreated: number): string {
  if (material.material_id === key.current_material_id) return 'CURRENT'
  if (material.rotation_date === null && material.created > currentCreated) return 'PENDING_ROTATION'
  return 'NON_CURRENT'
}

/** ListKeyRotations: completed rotations (ROTATIONS_ONLY, the default) or every material of the key (ALL_KEY_MATERIAL). */
export const listKeyRotations: Operation = (ctx, input) => {
  const key = resolveKey(ctx, requiredString(input, 'KeyId'))
  const include = optionalEnum(input, 'IncludeKeyMaterial', ['ROTATIONS_ONLY', 'ALL_KEY_MATERIAL'] as const) ?? 'ROTATIONS_ONLY'
  if (key.key_spec !== 'SYMMETRIC_DEFAULT') {
    throw new ServiceError('UnsupportedOperationException', `${key.arn} key spec is ${key.key_spec}: only symmetric encryption keys rotate.`)
  }
  const materials = listMaterials(ctx.engine, key.key_id)
  const currentCreated = materials.find(m => m.material_id === key.current_material_id)?.created ?? 0
  const shown = include === 'ALL_KEY_MATERIAL' ? materials : materials.filter(m => m.rotation_type !== null)
  shown.sort((a, b) => (a.rotation_date ?? a.created) - (b.rotation_date ?? b.created))
  const {items, ...page} = paginate(input, shown)
  const imported = key.origin === 'EXTERNAL'
  return {
    Rotations: items.map(m => ({
      KeyId: key.key_id,
      KeyMaterialId: m.material_id,
      ...(m.description !== null && {KeyMaterialDescription: m.description}),
      ...(imported && {ImportState: m.sealed.length > 0 ? 'IMPORTED' : 'PENDING_IMPORT'}),
      KeyMaterialState: materialState(key, m, currentCreated),
      ...(imported && m.expiration_model !== null && {ExpirationModel: m.expiration_model}),
      ...(m.valid_to !== null && {ValidTo: m.valid_to / 1000}),
      ...(m.rotation_date !== null && {RotationDate: m.rotation_date / 1000, RotationType: m.rotation_type}),
    })),
    ...page,
  }
}
