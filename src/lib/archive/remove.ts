/**
 * Removing a tree we made (a staging directory, or an old target being replaced), even when
 * directories in it are read-only: on EACCES/EPERM the directories are made writable and the
 * removal retried. Links are never followed.
 */
import {chmodSync, lstatSync, readdirSync, rmSync} from 'node:fs'
import {rm} from 'node:fs/promises'

export function existsPath(path: string): boolean {
  try {
    lstatSync(path)
    return true
  } catch (err) {
    if ((err as NodeJS.ErrnoException).code === 'ENOENT') return false
    throw err
  }
}

export async function removeTree(path: string): Promise<void> {
  try {
    await rm(path, {recursive: true, force: true})
  } catch (err) {
    if (!isPermissionError(err)) throw err
    makeDirectoriesWritable(path)
    await rm(path, {recursive: true, force: true})
  }
}

export function removeTreeSync(path: string): void {
  try {
    rmSync(path, {recursive: true, force: true})
  } catch (err) {
    if (!isPermissionError(err)) throw err
    makeDirectoriesWritable(path)
    rmSync(path, {recursive: true, force: true})
  }
}

function isPermissionError(err: unknown): boolean {
  const code = (err as NodeJS.ErrnoException).code
  return code === 'EACCES' || code === 'EPERM'
}

function makeDirectoriesWritable(path: string): void {
  if (!lstatSync(path).isDirectory()) return
  chmodSync(path, 0o700)
  for (const entry of readdirSync(path, {withFileTypes: true})) {
    if (entry.isDirectory()) makeDirectoriesWritable(`${path}/${entry.name}`)
  }
}
