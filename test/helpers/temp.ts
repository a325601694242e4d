import {mkdtempSync, rmSync} from 'node:fs'
import {tmpdir} from 'node:os'
import {join} from 'node:path'
import {afterAll} from 'vitest'

/** A fresh temporary directory, removed after the file's tests. */
export function tempDir(prefix = 'kms-test-'): string {
  const dir = mkdtempSync(join(tmpdir(), prefix))
  afterAll(() => rmSync(dir, {recursive: true, force: true}))
  return dir
}

export const repoRoot = new URL('../..', import.meta.url).pathname
export const sharedDir = join(repoRoot, '..', 'shared')
