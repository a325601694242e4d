import {describe, expect, it} from 'vitest'
import {renderKeyList} from '../../../src/lib/ui/keys.js'

const key = (id: string, aliases: string[]) => ({KeyId: id, KeyArn: `arn:aws:kms:us-east-1:111122223333:key/${id}`, Aliases: aliases, KeyState: 'Enabled', Description: 'd'})

describe('kms keys list table', () => {
  it('shows up to three aliases of a key, and for more the first two and a count, so a row stays one line', () => {
    const many = Array.from({length: 50}, (_, i) => `alias/app-${String(i).padStart(2, '0')}`)
    const lines = renderKeyList([key('k1', ['alias/a', 'alias/b', 'alias/c']), key('k2', many), key('k3', [])]).split('\n')
    expect(lines[1]).toMatch(/^k1 +Enabled +alias\/a, alias\/b, alias\/c +d$/)
    expect(lines[2]).toMatch(/^k2 +Enabled +alias\/app-00, alias\/app-01 \(\+48 more\) +d$/)
    expect(lines[3]).toMatch(/^k3 +Enabled +d$/)
  })
})
