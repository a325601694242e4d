import type {KeyMetadata, KeySpec, KeyUsageType, OriginType} from '@aws-sdk/client-kms'
import {Flags} from '@oclif/core'
import {readFileSync} from 'node:fs'
import {BaseCommand} from '../../base-command.js'
import {defaultUsageFor, KEY_SPECS, KEY_USAGES} from '../../lib/key-specs.js'
import {createKeyWithAlias} from '../../lib/keys.js'
import {parsePairs} from '../../lib/pairs.js'
import {renderKey} from '../../lib/ui/keys.js'

export default class KeysCreate extends BaseCommand<typeof KeysCreate> {
  static override summary = 'Create a key: symmetric (AES-256, the default), RSA, ECC, Ed25519 or HMAC.'
  static override examples = [
    '<%= config.bin %> keys create --description "app data" --alias alias/app',
    '<%= config.bin %> keys create --spec ECC_NIST_P256 --usage SIGN_VERIFY --alias alias/signer',
    '<%= config.bin %> keys create --spec HMAC_256 --json',
    '<%= config.bin %> keys create --multi-region --tag team=payments',
    '<%= config.bin %> keys create --origin EXTERNAL   # then: kms import material KEY --material key.bin',
  ]
  static override flags = {
    description: Flags.string({char: 'd', summary: 'what the key is for'}),
    alias: Flags.string({summary: 'also create this alias (alias/NAME) for the key'}),
    tag: Flags.string({multiple: true, summary: 'tag as NAME=VALUE (repeatable)'}),
    policy: Flags.file({summary: 'key policy JSON file (default: the account root may do everything)'}),
    'bypass-policy-lockout-safety-check': Flags.boolean({summary: 'allow a --policy that locks out the caller (AWS refuses by default)', dependsOn: ['policy']}),
    spec: Flags.string({options: KEY_SPECS, default: 'SYMMETRIC_DEFAULT', summary: 'key spec (KeySpec)'}),
    usage: Flags.string({options: KEY_USAGES, summary: 'key usage; default: ENCRYPT_DECRYPT, SIGN_VERIFY for ECC, GENERATE_VERIFY_MAC for HMAC'}),
    'multi-region': Flags.boolean({summary: 'create a multi-Region primary key (mrk-…), then: kms replicas create KEY --replica-region R'}),
    origin: Flags.string({options: ['AWS_KMS', 'EXTERNAL'], default: 'AWS_KMS', summary: 'EXTERNAL for a key that waits for imported material'}),
  }

  async run(): Promise<{KeyMetadata: KeyMetadata}> {
    const {description, alias, tag, policy, spec} = this.flags
    const tags = Object.entries(parsePairs(tag, 'tag')).map(([TagKey, TagValue]) => ({TagKey, TagValue}))
    const KeyMetadata = await createKeyWithAlias(this.kms, {
      Description: description, Tags: tags.length > 0 ? tags : undefined, Policy: policy && readFileSync(policy, 'utf8'),
      KeySpec: spec as KeySpec, KeyUsage: (this.flags.usage ?? defaultUsageFor(spec)) as KeyUsageType,
      MultiRegion: this.flags['multi-region'] || undefined, Origin: this.flags.origin as OriginType,
      BypassPolicyLockoutSafetyCheck: this.flags['bypass-policy-lockout-safety-check'] || undefined,
    }, alias)
    this.log(renderKey(KeyMetadata, alias ? [alias] : []))
    return {KeyMetadata}
  }
}
