/**
 * Temporary outputs name the process that made them (`.NAME.<pid>-<random>.tmp`,
 * `.NAME.kms-staging-<pid>-<random>`), so that what a killed process (kill -9, power loss) left
 * beside a destination is removed by the next run that writes there. A leftover whose process
 * still runs is never touched.
 */
import {readdirSync, rmSync} from 'node:fs'
import {join} from 'node:path'

export const temporaryFileName = (name: string, random: string) => `.${name}.${process.pid}-${random}.tmp`
export const stagingPrefix = (name: string) => `.${name}.kms-staging-${process.pid}-`

function isRunning(pid: number): boolean {
  try {
    process.kill(pid, 0)
    return true
  } catch (error) {
    return (error as NodeJS.ErrnoException).code === 'EPERM'
  }
}

/** Removes the temporary files and staging directories of dead processes for `name` in `dir`; returns what it removed. */
export function removeLeftovers(dir: string, name: string): string[] {
  const escaped = name.replace(/[.*+?^${}()|[\]\\]/g, '\\$&')
  const pattern = new RegExp(`^\\.${escaped}\\.(?:kms-staging-)?(\\d+)-[A-Za-z0-9]+(?:\\.tmp)?$`)
  let entries: string[]
  try {
    entries = readdirSync(dir)
  } catch {
    return []
  }
  const removed: string[] = []
  for (const entry of entries) {
    const pid = Number(pattern.exec(entry)?.[1])
    if (!pid || pid === process.pid || isRunning(pid)) continue
    try {
      rmSync(join(dir, entry), {recursive: true, force: true})
      removed.push(entry)
    } catch {
      // not ours to insist on: leave it
    }
  }
  return removed
}
