import fc from 'fast-check'
import {describe, expect, it} from 'vitest'
import {UnsafeArchiveError} from '../../../src/lib/archive/errors.js'
import {findEscapingLinks, resolveLinkTarget, splitEntryName} from '../../../src/lib/archive/names.js'

describe('splitEntryName', () => {
  it('drops empty and "." components, so GNU tar\'s "./" prefix is accepted (README §Extraction rules)', () => {
    expect(splitEntryName('./a//b/./c/')).toEqual(['a', 'b', 'c'])
    expect(splitEntryName('./')).toEqual([])
  })

  it.each([
    ['../evil', '".." component'],
    ['a/../../evil', '".." component'],
    ['a/..', '".." component'],
    ['/etc/passwd', 'absolute path'],
    ['a\0b', 'NUL byte'],
  ])('refuses %j: %s (README §Extraction rules)', (name, reason) => {
    expect(() => splitEntryName(name)).toThrow(UnsafeArchiveError)
    expect(() => splitEntryName(name)).toThrow(reason)
  })

  it('gives back the components of any name built from safe components (property)', () => {
    const component = fc.string({minLength: 1, maxLength: 12}).filter((s) => !s.includes('/') && !s.includes('\0') && s !== '.' && s !== '..')
    fc.assert(fc.property(fc.array(component, {minLength: 1, maxLength: 8}), (parts) => {
      expect(splitEntryName(parts.join('/'))).toEqual(parts)
    }))
  })
})

describe('resolveLinkTarget', () => {
  it('resolves a relative target from the directory that holds the link', () => {
    expect(resolveLinkTarget(['a', 'b', 'link'], '../c/./d')).toEqual(['a', 'c', 'd'])
    expect(resolveLinkTarget(['a', 'link'], '..')).toEqual([])
  })

  it.each([
    [['link'], '/etc', 'absolute path'],
    [['link'], '..', 'outside'],
    [['a', 'link'], '../../x', 'outside'],
    [['a', 'link'], 'b/../../../x', 'outside'],
    [['link'], '', 'empty target'],
    [['link'], 'a\0b', 'NUL byte'],
  ])('refuses the link %j -> %j: %s (README §Extraction rules)', (parts, target, reason) => {
    expect(() => resolveLinkTarget(parts, target)).toThrow(reason)
  })
})

describe('findEscapingLinks', () => {
  it('finds a link that escapes only through another link: b -> a/.. where a -> . (README §Extraction rules)', () => {
    expect(findEscapingLinks(new Map([['a', '.'], ['b', 'a/..']]))).toEqual(['b'])
  })

  it('finds an escape through a chain of links in subdirectories', () => {
    expect(findEscapingLinks(new Map([['d/up', '..'], ['d/e/up2', '../up'], ['x', 'd/e/up2/..']]))).toEqual(['x'])
  })

  it('accepts links that stay inside, dangling ones, and loops (the kernel stops those)', () => {
    expect(findEscapingLinks(new Map([['a', 'b'], ['b', 'a'], ['c', 'missing/../d'], ['d/up', '..'], ['e', 'd/up/d']]))).toEqual([])
  })
})
