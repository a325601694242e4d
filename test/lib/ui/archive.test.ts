import {describe, expect, it} from 'vitest'
import {renderArchiveList} from '../../../src/lib/ui/archive.js'

describe('kms decrypt --list', () => {
  it('lists one entry a line whatever the names hold, escaping control characters and backslashes as GNU tar does', () => {
    const mtime = new Date('2020-01-02T03:04:05Z')
    const lines = renderArchiveList([
      {name: 'd/two\nlines.txt', type: 'file', size: 3, mode: 0o644, mtime},
      {name: 'd/tab\there\\and\x01', type: 'symlink', size: 0, mode: 0o777, mtime, linkname: 'target\nx'},
    ]).split('\n')
    expect(lines).toEqual([
      '-0644            3 2020-01-02T03:04:05Z d/two\\nlines.txt',
      'l0777            0 2020-01-02T03:04:05Z d/tab\\there\\\\and\\001 -> target\\nx',
    ])
  })
})
