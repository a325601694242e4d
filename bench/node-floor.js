#!/usr/bin/env node
/**
 * A floor for the directory benchmark (archive.js): the least a Node program does to encrypt a
 * tree, on one thread, with none of kms (no CLI, no KMS call, no tar headers, no message format):
 * walk the tree with lstat, read every file into 1 MiB frames, seal each frame with AES-256-GCM
 * (64 KiB updates, as kms does) and write it; `--sha384` also hashes the output, as a signed
 * message must. Its output is not an archive of anything: it is only timed.
 *
 *   node bench/node-floor.js DIR OUT [--sha384]
 */
import {closeSync, fstatSync, lstatSync, openSync, readSync, readdirSync, writeSync} from 'node:fs'
import {createCipheriv, createHash, randomBytes} from 'node:crypto'

const [root, output, option] = process.argv.slice(2)
if (!root || !output || (option !== undefined && option !== '--sha384')) {
  console.error('usage: node bench/node-floor.js DIR OUT [--sha384]')
  process.exit(2)
}

const files = []
const walk = dir => {
  for (const name of readdirSync(dir).sort()) {
    const path = `${dir}/${name}`
    const stats = lstatSync(path)
    if (stats.isDirectory()) walk(path)
    else if (stats.isFile()) files.push({path, size: stats.size})
  }
}
walk(root)

const FRAME = 1024 * 1024
const SLICE = 64 * 1024
const key = randomBytes(32)
const frame = Buffer.allocUnsafe(FRAME)
const hash = option === '--sha384' ? createHash('sha384') : undefined
const out = openSync(output, 'w')
let used = 0
let sequence = 0

const seal = () => {
  const iv = Buffer.alloc(12)
  iv.writeUInt32BE(++sequence, 8)
  const cipher = createCipheriv('aes-256-gcm', key, iv)
  const parts = []
  for (let offset = 0; offset < used; offset += SLICE) parts.push(cipher.update(frame.subarray(offset, Math.min(used, offset + SLICE))))
  cipher.final()
  parts.push(cipher.getAuthTag())
  for (const part of parts) {
    hash?.update(part)
    writeSync(out, part)
  }
  used = 0
}

for (const {path, size} of files) {
  const fd = openSync(path, 'r')
  for (let read = 0; read < size;) {
    const count = readSync(fd, frame, used, Math.min(FRAME - used, size - read), read)
    if (count === 0) break
    read += count
    used += count
    if (used === FRAME) seal()
  }
  fstatSync(fd) // kms and tar check after reading whether the file changed
  closeSync(fd)
}
seal()
hash?.digest()
closeSync(out)
