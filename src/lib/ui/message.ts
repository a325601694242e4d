/** The human view of an ESDK message header (`kms inspect`). */
import type {MessageInfo} from '../envelope/index.js'
import {PAYLOAD_KEY, TAR_PAYLOAD} from '../encrypt-path.js'
import {formatBytes} from './progress.js'
import {renderFields} from './table.js'

export function renderMessageInfo(info: MessageInfo): string {
  const context = Object.entries(info.EncryptionContext).filter(([k]) => !k.startsWith('aws-crypto-'))
  return renderFields([
    ['Format', `AWS Encryption SDK message, version ${info.Version}`],
    ['Payload', info.EncryptionContext[PAYLOAD_KEY] === TAR_PAYLOAD ? 'tar archive of a directory' : 'file or stream'],
    ['AlgorithmSuite', `${info.AlgorithmSuiteId} (${info.AlgorithmSuite})`],
    ['MessageId', info.MessageId],
    ['Signed', info.Signed],
    ['KeyCommitment', info.KeyCommitment],
    ['FrameLength', info.ContentType === 'framed' ? formatBytes(info.FrameLength) : 'not framed'],
    ['HeaderLength', `${info.HeaderLength} bytes`],
    ['BodySize', info.BodySize === undefined ? undefined : formatBytes(info.BodySize)],
    ['EncryptionContext', context.length === 0 ? '(none)' : context.map(([k, v]) => `${k}=${v}`).join(', ')],
    ...info.EncryptedDataKeys.map((edk, i): [string, unknown] => [`DataKey[${i}]`, `${edk.ProviderId}  ${edk.ProviderInfo}`]),
  ])
}
