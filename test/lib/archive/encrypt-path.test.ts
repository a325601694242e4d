/** encryptPath's summary of a directory: what was packed, not what the scan listed. */
import {rmSync} from 'node:fs'
import {join} from 'node:path'
import {describe, expect, it} from 'vitest'
import {encryptPath} from '../../../src/lib/encrypt-path.js'
import {createRawAesKeyring, type Keyring} from '../../../src/lib/envelope/index.js'
import {makeArea, writeTree} from './helpers.js'

describe('encryptPath on a directory', () => {
  it('counts the files and bytes packed: a file removed after the scan is neither counted nor summed', async () => {
    const area = makeArea()
    // a.bin fills the reader's ring (4 MiB), so it waits there, before gone.txt, until encryption starts.
    writeTree(join(area, 'd'), {'a.bin': {content: Buffer.alloc(5 * 1024 * 1024, 1)}, 'b.txt': {content: 'bb'}, 'gone.txt': {content: 'xxxxxxxx'}})
    const raw = createRawAesKeyring({keyNamespace: 'test', keyName: 'k', wrappingKey: Buffer.alloc(32, 1)})
    // The scan is done when the data key is asked for.
    const removing: Keyring = {
      wrapDataKey: async (request) => {
        rmSync(join(area, 'd/gone.txt'))
        return raw.wrapDataKey(request)
      },
      unwrapDataKey: (request) => raw.unwrapDataKey(request),
    }
    const warnings: string[] = []
    const result = await encryptPath({input: join(area, 'd'), output: join(area, 'd.tar.kms'), keyrings: [removing], encryptionContext: {},
      onWarning: message => warnings.push(message)})
    expect(warnings).toEqual(['skipped gone.txt: it was removed before it could be read'])
    expect({Files: result.Files, BytesIn: result.BytesIn}).toEqual({Files: 2, BytesIn: 5 * 1024 * 1024 + 2})
  })
})
