/** The one translation point for errors: names, exit codes and hints that fit the error (README §Exit codes). */
import {KMSServiceException} from '@aws-sdk/client-kms'
import {describe, expect, it} from 'vitest'
import {describeError} from '../../src/lib/describe-error.js'
import {describeFsError} from '../../src/lib/errors.js'

function serviceError(name: string, message: string): KMSServiceException {
  return new KMSServiceException({name, message, $fault: 'client', $metadata: {httpStatusCode: 400}})
}

describe('describeError', () => {
  it('hints at cancelling a deletion only for a key that is pending deletion', () => {
    expect(describeError(serviceError('KMSInvalidStateException', 'arn:aws:kms:us-east-1:1:key/k is pending deletion.')).hints)
      .toEqual(['cancel the deletion: kms keys cancel-deletion KEY'])
    expect(describeError(serviceError('KMSInvalidStateException', 'arn:aws:kms:us-east-1:1:key/k is not pending deletion.')).hints).toEqual([])
  })

  it('hints at aliases only when an alias already exists', () => {
    expect(describeError(serviceError('AlreadyExistsException', 'An alias with the name arn:aws:kms:us-east-1:1:alias/a already exists')))
      .toMatchObject({exitCode: 8, hints: ['pick another name, or move the existing alias: kms aliases update']})
    expect(describeError(serviceError('AlreadyExistsException', 'A multi-Region key with key ID mrk-1 already exists in eu-west-1.')))
      .toMatchObject({exitCode: 8, hints: []})
  })

  it('points an unrecognized client at the session token when one is set (the local KMS refuses all)', () => {
    const refused = serviceError('UnrecognizedClientException', 'The security token included in the request is invalid.')
    const saved = process.env.AWS_SESSION_TOKEN
    try {
      delete process.env.AWS_SESSION_TOKEN
      expect(describeError(refused).hints).toEqual(['the access key is not known to this endpoint: check --profile, AWS_ACCESS_KEY_ID or kms local credentials'])
      process.env.AWS_SESSION_TOKEN = 'leftover'
      expect(describeError(refused)).toMatchObject({exitCode: 4, hints: [expect.stringMatching(/^the access key or the session token .*AWS_SESSION_TOKEN \(the local KMS takes none: unset it\)/)]})
    } finally {
      if (saved === undefined) delete process.env.AWS_SESSION_TOKEN
      else process.env.AWS_SESSION_TOKEN = saved
    }
  })

  it('makes a full disk, a quota or an I/O error exit 9, and a read-only file system a usage error', () => {
    const failed = (code: string) => describeFsError('write', '/x/out.kms', Object.assign(new Error(code), {code}))
    expect(failed('ENOSPC')).toMatchObject({exitCode: 9, message: 'cannot write /x/out.kms: no space left on device'})
    expect(failed('EDQUOT')).toMatchObject({exitCode: 9, message: 'cannot write /x/out.kms: disk quota exceeded'})
    expect(failed('EIO')).toMatchObject({exitCode: 9, message: 'cannot write /x/out.kms: input/output error'})
    expect(failed('EROFS')).toMatchObject({exitCode: 2, message: 'cannot write /x/out.kms: read-only file system'})
  })

  it('makes a missing file a not-found error naming it (exit 3), and a missing Region a usage error with a hint', () => {
    const missing = Object.assign(new Error("ENOENT: no such file or directory, open '/x/p.json'"), {code: 'ENOENT', syscall: 'open', path: '/x/p.json'})
    expect(describeError(missing)).toMatchObject({name: 'FileSystemError', exitCode: 3, message: 'cannot open /x/p.json: no such file or directory'})
    expect(describeError(new Error('Region is missing'))).toMatchObject({name: 'ConfigurationError', exitCode: 2, message: 'no AWS Region is set'})
  })
})
