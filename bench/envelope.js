#!/usr/bin/env node
/**
 * Envelope throughput, side by side: our ESDK implementation (0x0578 signed, 0x0478 unsigned),
 * age, and @aws-crypto/client-node, encrypting and decrypting one file from the page cache to
 * /dev/null at 1 MiB frames. Each run is its own process, so peak RSS is per run.
 *
 *   npx tsc -p tsconfig.json && node bench/envelope.js [MiB, default 1024]
 *   BENCH_REPEAT=1 node bench/envelope.js 64     # quick
 */
import {execFileSync, spawnSync} from 'node:child_process'
import {randomFillSync} from 'node:crypto'
import {closeSync, createReadStream, createWriteStream, existsSync, openSync, statSync, writeSync} from 'node:fs'
import {pipeline} from 'node:stream/promises'
import {fileURLToPath} from 'node:url'
import {fail, findGnuTime, importPackage, requireBuild, requireTool} from './tools.js'

const FRAME_LENGTH = 1024 * 1024
const READ_CHUNK = 1024 * 1024
const WRAPPING_KEY = Buffer.alloc(32, 7)
const self = fileURLToPath(import.meta.url)

/** Through files.ts as the CLI does: to a file, or to stdout (which the parent points at /dev/null). */
async function ours(mode, suite, input, output) {
  const {createRawAesKeyring, decryptFile, encryptFile} = await import('../dist/lib/envelope/index.js')
  const keyrings = [createRawAesKeyring({keyNamespace: 'bench', keyName: 'aes', wrappingKey: WRAPPING_KEY})]
  const common = {input, output, force: true, keyrings}
  if (mode === 'encrypt') await encryptFile({...common, algorithmSuiteId: suite, frameLength: FRAME_LENGTH})
  else await decryptFile(common)
}

async function esdk(mode, suite, input, output) {
  const {buildClient, CommitmentPolicy, RawAesKeyringNode, RawAesWrappingSuiteIdentifier} = await import('@aws-crypto/client-node')
  const client = buildClient(CommitmentPolicy.REQUIRE_ENCRYPT_REQUIRE_DECRYPT)
  const keyring = new RawAesKeyringNode({
    keyNamespace: 'bench', keyName: 'aes', unencryptedMasterKey: new Uint8Array(WRAPPING_KEY),
    wrappingSuite: RawAesWrappingSuiteIdentifier.AES256_GCM_IV12_TAG16_NO_PADDING,
  })
  const step = mode === 'encrypt' ? client.encryptStream(keyring, {suiteId: suite, frameLength: FRAME_LENGTH}) : client.decryptUnsignedMessageStream && suite === 0x0478
    ? client.decryptUnsignedMessageStream(keyring) : client.decryptStream(keyring)
  const sink = output === '-' ? process.stdout : createWriteStream(output)
  await pipeline(createReadStream(input, {highWaterMark: READ_CHUNK}), step, sink)
}

/** Child mode: run one case, print seconds and peak RSS (KiB) as JSON on stderr (stdout is the data). */
async function runCase([impl, mode, suite, input, output]) {
  const start = process.hrtime.bigint()
  await (impl === 'ours' ? ours : esdk)(mode, Number(suite), input, output)
  const seconds = Number(process.hrtime.bigint() - start) / 1e9
  process.stderr.write(JSON.stringify({seconds, maxRssKiB: process.resourceUsage().maxRSS}))
}

/** The machine is shared: each case runs REPEAT times and the fastest run counts. */
const REPEAT = Number(process.env.BENCH_REPEAT ?? 3)

function fastest(run) {
  let best
  for (let i = 0; i < REPEAT; i++) {
    const result = run()
    if (!best || result.seconds < best.seconds) best = result
  }
  return best
}

function measureNode(impl, mode, suite, input, output) {
  return fastest(() => {
    const devNull = openSync('/dev/null', 'w')
    const result = spawnSync(process.execPath, [self, '--case', impl, mode, String(suite), input, output], {stdio: ['ignore', devNull, 'pipe'], encoding: 'utf8'})
    closeSync(devNull)
    if (result.status !== 0) throw new Error(`${impl} ${mode} failed: ${result.stderr}`)
    return JSON.parse(result.stderr)
  })
}

function measureAge(args) {
  return fastest(() => {
    const result = spawnSync(findGnuTime(), ['-f', '%e %M', 'age', ...args], {encoding: 'utf8'})
    if (result.status !== 0) throw new Error(`age failed: ${result.stderr}`)
    const [seconds, maxRssKiB] = result.stderr.trim().split('\n').at(-1).split(' ').map(Number)
    return {seconds, maxRssKiB}
  })
}

function createInput(path, bytes) {
  if (existsSync(path) && statSync(path).size === bytes) return
  const fd = openSync(path, 'w')
  const chunk = Buffer.allocUnsafe(READ_CHUNK)
  for (let written = 0; written < bytes; written += chunk.length) writeSync(fd, randomFillSync(chunk), 0, Math.min(chunk.length, bytes - written))
  closeSync(fd)
}

async function main() {
  requireBuild()
  requireTool('age', 'apt-get install age')
  requireTool('age-keygen', 'apt-get install age')
  if (!findGnuTime()) fail('GNU time not found: apt-get install time', 'it measures the peak RSS of age')
  await importPackage('@aws-crypto/client-node')
  const ageLabel = `age ${execFileSync('age', ['--version'], {encoding: 'utf8'}).trim()}`
  const mib = Number(process.argv[2] ?? 1024)
  const bytes = mib * 1024 * 1024
  const base = `/tmp/kms-bench-${mib}`
  const input = `${base}.bin`
  createInput(input, bytes)
  const ageKey = `${base}.age-key`
  if (!existsSync(ageKey)) execFileSync('age-keygen', ['-o', ageKey], {stdio: 'ignore'})
  const recipient = execFileSync('age-keygen', ['-y', ageKey], {encoding: 'utf8'}).trim()

  const rows = []
  const add = (name, mode, result) => rows.push({name, mode, ...result, mbps: bytes / 1e6 / result.seconds})
  for (const suite of [0x0578, 0x0478]) {
    const label = `ours 0x0${suite.toString(16)}`
    execFileSync(process.execPath, [self, '--case', 'ours', 'encrypt', String(suite), input, `${base}.${suite}.kms`], {stdio: 'ignore'})
    add(label, 'encrypt', measureNode('ours', 'encrypt', suite, input, '-'))
    add(label, 'decrypt', measureNode('ours', 'decrypt', suite, `${base}.${suite}.kms`, '-'))
  }
  execFileSync('age', ['-r', recipient, '-o', `${base}.age`, input])
  add(ageLabel, 'encrypt', measureAge(['-r', recipient, '-o', '/dev/null', input]))
  add(ageLabel, 'decrypt', measureAge(['-d', '-i', ageKey, '-o', '/dev/null', `${base}.age`]))
  for (const suite of [0x0578, 0x0478]) {
    const label = `client-node 0x0${suite.toString(16)}`
    execFileSync(process.execPath, [self, '--case', 'esdk', 'encrypt', String(suite), input, `${base}.${suite}.esdk`], {stdio: 'ignore'})
    add(label, 'encrypt', measureNode('esdk', 'encrypt', suite, input, '-'))
    add(label, 'decrypt', measureNode('esdk', 'decrypt', suite, `${base}.${suite}.esdk`, '-'))
  }

  console.log(`${mib} MiB from the page cache to /dev/null, frame length 1 MiB, best of ${REPEAT}, node ${process.version}`)
  console.log('implementation        encrypt MB/s  peak RSS   decrypt MB/s  peak RSS')
  for (const name of [...new Set(rows.map((r) => r.name))]) {
    const e = rows.find((r) => r.name === name && r.mode === 'encrypt')
    const d = rows.find((r) => r.name === name && r.mode === 'decrypt')
    const rss = (r) => `${Math.round(r.maxRssKiB / 1024)} MiB`.padStart(8)
    console.log(`${name.padEnd(22)}${e.mbps.toFixed(0).padStart(13)}  ${rss(e)}${d.mbps.toFixed(0).padStart(15)}  ${rss(d)}`)
  }
}

if (process.argv[2] === '--case') await runCase(process.argv.slice(3))
else await main()
