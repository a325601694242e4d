/**
 * Every temporary file and directory of a test run goes under one directory, removed when the
 * run ends: helpers that register their own clean-up from inside a hook or a test (where vitest
 * does not run it) and runs stopped midway no longer leave kms-* directories in /tmp.
 */
import {mkdtempSync, rmSync} from 'node:fs'
import {tmpdir} from 'node:os'
import {join} from 'node:path'

export default function setup(): () => void {
  const dir = mkdtempSync(join(tmpdir(), 'kms-tests-'))
  process.env.TMPDIR = dir
  return () => rmSync(dir, {recursive: true, force: true})
}
