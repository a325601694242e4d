/** Human views of keys and aliases. */
import type {AliasListEntry, KeyMetadata} from '@aws-sdk/client-kms'
import {renderFields, renderTable} from './table.js'

const nonEmpty = (list: string[]) => (list.length > 0 ? list : undefined)
const date = (d?: Date) => d?.toISOString().replace(/\.\d{3}Z$/, 'Z')

export function renderKey(key: KeyMetadata, aliases: string[] = []): string {
  return renderFields([
    ['KeyId', key.KeyId],
    ['Arn', key.Arn],
    ['Aliases', aliases.length > 0 ? aliases : undefined],
    ['Description', key.Description],
    ['KeyState', key.KeyState],
    ['KeySpec', key.KeySpec],
    ['KeyUsage', key.KeyUsage],
    ['Origin', key.Origin],
    ['MultiRegion', key.MultiRegion && `${key.MultiRegionConfiguration?.MultiRegionKeyType ?? 'true'}` +
      `${key.MultiRegionConfiguration?.MultiRegionKeyType === 'REPLICA' ? ` (primary in ${key.MultiRegionConfiguration.PrimaryKey?.Region})` : ''}`],
    ['Algorithms', nonEmpty([...key.EncryptionAlgorithms ?? [], ...key.SigningAlgorithms ?? [], ...key.MacAlgorithms ?? [], ...key.KeyAgreementAlgorithms ?? []])],
    ['CreationDate', date(key.CreationDate)],
    ['DeletionDate', date(key.DeletionDate)],
    ['ExpirationModel', key.ExpirationModel],
    ['ValidTo', date(key.ValidTo)],
    ['CurrentKeyMaterialId', key.CurrentKeyMaterialId],
  ])
}

export interface KeyListEntry {
  KeyId: string
  KeyArn: string
  Aliases: string[]
  KeyState?: string
  Description?: string
}

export function renderKeyList(keys: KeyListEntry[]): string {
  if (keys.length === 0) return 'No keys. Create one: kms keys create --description "app data"'
  return renderTable(['KEY ID', 'STATE', 'ALIASES', 'DESCRIPTION'],
    keys.map(k => [k.KeyId, k.KeyState, aliasCell(k.Aliases), k.Description]))
}

/** Aliases shown in a key list row; a key with many (a key may have 50) shows the first ones and a count (all are in --json and kms aliases list). */
const ALIASES_SHOWN = 2

function aliasCell(aliases: string[]): string {
  if (aliases.length <= ALIASES_SHOWN + 1) return aliases.join(', ')
  return `${aliases.slice(0, ALIASES_SHOWN).join(', ')} (+${aliases.length - ALIASES_SHOWN} more)`
}

export function renderAliasList(aliases: AliasListEntry[]): string {
  if (aliases.length === 0) return 'No aliases. Create one: kms aliases create alias/NAME KEY'
  return renderTable(['ALIAS', 'TARGET KEY ID', 'UPDATED'], aliases.map(a => [a.AliasName, a.TargetKeyId, date(a.LastUpdatedDate)]))
}
