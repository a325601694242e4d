#!/usr/bin/env node
/**
 * Directory archives, side by side, writing real files: `tar -cf - dir | age -r R > out` against
 * `kms encrypt dir` (default signed suite 0x0578, and --unsigned 0x0478), and
 * `age -d out | tar -x` against `kms decrypt dir.tar.kms -o fresh` (always into a fresh directory).
 * Two floor rows (node-floor.js) time the least a Node program does for the same encryption, on one
 * thread and with none of kms; the last line gives the fixed costs of starting node and kms.
 *
 * The tree, 10,000 files of 1–8 KiB in 100 folders plus 20 files of 10 MiB with deterministic
 * content, is generated once and cached in /tmp/kms-bench-tree-v1 (delete it and its .done file to
 * regenerate). The page cache is not dropped (that needs root): each case runs once untimed as a
 * warm-up, which also checks with diff that every extraction equals the tree. Then the cases take
 * turns BENCH_REPEAT times (default 3) and the median wall time counts. Two things keep one run from
 * paying for another on the shared disk: `sync` runs (untimed) before every run, and each decryption
 * extracts into a new directory, all deleted only at the end. Peak RSS is GNU time's %M per process,
 * summed over tar and age for the pipelines.
 *
 *   npm run build && node bench/archive.js
 *   BENCH_REPEAT=1 node bench/archive.js      # quick
 */
import {execFileSync, spawnSync} from 'node:child_process'
import {createCipheriv, createHash} from 'node:crypto'
import {existsSync, mkdirSync, mkdtempSync, readFileSync, rmSync, statSync, writeFileSync} from 'node:fs'
import {loadavg} from 'node:os'
import {basename, dirname, join} from 'node:path'
import {ROOT, fail, findGnuTime, isolatedKmsEnv, requireBuild, requireTool} from './tools.js'

const REPEAT = Number(process.env.BENCH_REPEAT ?? 3)
const TREE = '/tmp/kms-bench-tree-v1'
const FOLDERS = 100
const SMALL_FILES = 10_000
const LARGE_FILES = 20
const LARGE_SIZE = 10 * 1024 * 1024
const MiB = 1024 * 1024

/** Deterministic, incompressible bytes: the AES-256-CTR keystream under a fixed key, one IV per file. */
function contentOf(index, size) {
  const key = createHash('sha256').update('kms bench tree v1').digest()
  const iv = Buffer.alloc(16)
  iv.writeUInt32BE(index, 0)
  return createCipheriv('aes-256-ctr', key, iv).update(Buffer.alloc(size))
}

/** The cached tree, generated on first use; returns its file count and content bytes. */
function ensureTree() {
  const done = `${TREE}.done`
  if (existsSync(done) && existsSync(TREE)) return JSON.parse(readFileSync(done, 'utf8'))
  process.stderr.write(`generating ${TREE} (once)\n`)
  rmSync(TREE, {recursive: true, force: true})
  const folder = i => join(TREE, `folder-${String(i % FOLDERS).padStart(2, '0')}`)
  for (let i = 0; i < FOLDERS; i++) mkdirSync(folder(i), {recursive: true})
  let bytes = 0
  for (let i = 0; i < SMALL_FILES; i++) {
    const size = 1024 + ((Math.imul(i + 1, 0x9e3779b1) >>> 0) % (7 * 1024 + 1))
    writeFileSync(join(folder(i), `small-${String(i).padStart(5, '0')}.bin`), contentOf(i, size))
    bytes += size
  }
  for (let i = 0; i < LARGE_FILES; i++) {
    writeFileSync(join(folder(i), `large-${String(i).padStart(2, '0')}.bin`), contentOf(SMALL_FILES + i, LARGE_SIZE))
    bytes += LARGE_SIZE
  }
  const summary = {files: SMALL_FILES + LARGE_FILES, folders: FOLDERS, bytes}
  writeFileSync(done, JSON.stringify(summary))
  return summary
}

const quote = s => `'${String(s).replaceAll("'", `'\\''`)}'`

/** Runs the stages as one bash pipeline; returns wall seconds and the summed peak RSS (KiB) of the stages. */
function runPipeline(stages, env, timeTool, rssDir) {
  const parts = stages.map(([label, ...argv]) => [...(timeTool ? [timeTool, '-f', '%M', '-o', join(rssDir, label)] : []), ...argv].map(quote).join(' '))
  const start = process.hrtime.bigint()
  const result = spawnSync('bash', ['-c', `set -o pipefail; ${parts.join(' | ')}`], {env, encoding: 'utf8', stdio: ['ignore', 'ignore', 'pipe']})
  const seconds = Number(process.hrtime.bigint() - start) / 1e9
  if (result.status !== 0) fail(`${stages.map(s => s[0]).join(' | ')} failed (exit ${result.status})`, result.stderr.trim())
  const rssKiB = timeTool ? stages.reduce((sum, [label]) => sum + Number(readFileSync(join(rssDir, label), 'utf8').trim().split('\n').at(-1)), 0) : NaN
  return {seconds, rssKiB}
}

const median = xs => [...xs].sort((a, b) => a - b)[Math.floor((xs.length - 1) / 2)]

function main() {
  requireBuild()
  const tar = requireTool('tar', 'apt-get install tar')
  const age = requireTool('age', 'apt-get install age')
  const ageKeygen = requireTool('age-keygen', 'apt-get install age')
  const diff = requireTool('diff', 'apt-get install diffutils')
  const timeTool = findGnuTime()
  const tree = ensureTree()

  const work = mkdtempSync('/tmp/kms-bench-archive-')
  try {
    const env = isolatedKmsEnv(work)
    const rssDir = join(work, 'rss')
    mkdirSync(rssDir)
    const ageKey = join(work, 'age-key')
    execFileSync(ageKeygen, ['-o', ageKey], {stdio: 'ignore'})
    const recipient = execFileSync(ageKeygen, ['-y', ageKey], {encoding: 'utf8'}).trim()
    const kms = [process.execPath, join(ROOT, 'bin/run.js')]
    const out = {age: join(work, 'tree.tar.age'), signed: join(work, 'tree.tar.kms'), unsigned: join(work, 'tree-unsigned.tar.kms'), floor: join(work, 'floor.out')}
    const floor = [process.execPath, join(ROOT, 'bench/node-floor.js'), TREE, out.floor]

    // Decrypt cases extract into a directory never used before (`fresh-…-N`); all of them are deleted at the end, so
    // no run pays for deleting an earlier run's 10,000 files. Encrypt cases overwrite their one output file.
    const cases = [
      {mode: 'encrypt', name: 'tar -cf - dir | age -r', output: out.age,
        stages: () => [['tar', tar, '-C', dirname(TREE), '-cf', '-', basename(TREE)], ['age', age, '-r', recipient, '-o', out.age]]},
      {mode: 'encrypt', name: 'kms encrypt dir (0x0578)', output: out.signed, stages: () => [['kms', ...kms, 'encrypt', TREE, '-o', out.signed]]},
      {mode: 'encrypt', name: 'kms encrypt dir --unsigned (0x0478)', output: out.unsigned,
        stages: () => [['kms', ...kms, 'encrypt', TREE, '--unsigned', '-o', out.unsigned]]},
      {mode: 'encrypt', name: 'floor: node, 1 thread, AES only', output: out.floor, floor: true, stages: () => [['node', ...floor]]},
      {mode: 'encrypt', name: 'floor: the same + SHA-384', output: out.floor, floor: true, stages: () => [['node', ...floor, '--sha384']]},
      {mode: 'decrypt', name: 'age -d | tar -x', fresh: 'fresh-age', mkdir: true, extracted: dir => join(dir, basename(TREE)),
        stages: dir => [['age', age, '-d', '-i', ageKey, out.age], ['tar', tar, '-C', dir, '-xf', '-']]},
      {mode: 'decrypt', name: 'kms decrypt (0x0578)', fresh: 'fresh-kms', extracted: dir => dir, stages: dir => [['kms', ...kms, 'decrypt', out.signed, '-o', dir]]},
      {mode: 'decrypt', name: 'kms decrypt (0x0478)', fresh: 'fresh-kms-unsigned', extracted: dir => dir,
        stages: dir => [['kms', ...kms, 'decrypt', out.unsigned, '-o', dir]]},
    ]
    /** One run of a case: fresh output, sync (untimed), then the timed pipeline. Returns the run and its output directory. */
    const runCase = (c, id) => {
      const dir = c.fresh && join(work, `${c.fresh}-${id}`)
      if (c.output) rmSync(c.output, {force: true})
      if (c.mkdir) mkdirSync(dir)
      execFileSync('sync')
      return {run: runPipeline(c.stages(dir), env, timeTool, rssDir), dir}
    }

    // Warm-up: the tree and node's modules into the page cache, alias/default into the store; check the round trips.
    for (const c of cases) {
      const {dir} = runCase(c, 'warm-up')
      if (dir && spawnSync(diff, ['-rq', TREE, c.extracted(dir)], {stdio: 'inherit'}).status !== 0) fail(`${c.name}: the extracted tree differs from ${TREE}`)
    }

    // The cases of each mode take turns, starting one later each round, so that none always follows the same neighbour.
    const runs = new Map(cases.map(c => [c, []]))
    for (let i = 0; i < REPEAT; i++) {
      for (const mode of ['encrypt', 'decrypt']) {
        const group = cases.filter(c => c.mode === mode)
        for (let k = 0; k < group.length; k++) {
          const c = group[(i + k) % group.length]
          runs.get(c).push(runCase(c, i).run)
        }
      }
    }
    const timeAlone = argv => median(Array.from({length: Math.max(REPEAT, 3)}, () => runPipeline([argv], env, undefined, rssDir).seconds))
    const tiny = join(work, 'tiny')
    writeFileSync(tiny, 'hi\n')
    const startup = {node: timeAlone(['node', process.execPath, '-e', '0']), version: timeAlone(['kms', ...kms, '--version']),
      tiny: timeAlone(['kms', ...kms, 'encrypt', tiny, '--force', '-o', `${tiny}.kms`])}

    const ageVersion = execFileSync(age, ['--version'], {encoding: 'utf8'}).trim()
    console.log(`\nDirectory archive: ${tree.files.toLocaleString('en')} files (10,000 of 1–8 KiB in ${tree.folders} folders + 20 of 10 MiB), ` +
      `${(tree.bytes / MiB).toFixed(0)} MiB, to and from real files in /tmp`)
    console.log(`warm page cache (one untimed warm-up per case, no cache drop; sync before each run; cases take turns), median of ${REPEAT}, ` +
      `age ${ageVersion}, node ${process.version}, load ${loadavg().map(l => l.toFixed(2)).join(' ')}`)
    console.log(`${'case'.padEnd(38)}${'wall s'.padStart(8)}${'vs tar|age'.padStart(12)}${'peak RSS'.padStart(10)}${'output'.padStart(11)}`)
    for (const mode of ['encrypt', 'decrypt']) {
      const group = cases.filter(c => c.mode === mode)
      const baseline = median(runs.get(group[0]).map(r => r.seconds))
      for (const c of group) {
        const seconds = median(runs.get(c).map(r => r.seconds))
        const rss = Math.max(...runs.get(c).map(r => r.rssKiB))
        const size = c.output && !c.floor ? `${(statSync(c.output).size / MiB).toFixed(1)} MiB` : ''
        console.log(`${c.name.padEnd(38)}${seconds.toFixed(2).padStart(8)}${`${(seconds / baseline).toFixed(2)}×`.padStart(12)}` +
          `${(Number.isNaN(rss) ? 'n/a' : `${Math.round(rss / 1024)} MiB`).padStart(10)}${size.padStart(11)}`)
      }
    }
    console.log(`fixed costs, included in every kms row: node -e 0 ${startup.node.toFixed(2)} s` +
      `${process.env.NODE_EXTRA_CA_CERTS ? ' (NODE_EXTRA_CA_CERTS is set: node reads those certificates at every start)' : ''}, ` +
      `kms --version ${startup.version.toFixed(2)} s, kms encrypt of a 3-byte file ${startup.tiny.toFixed(2)} s`)
    console.log('floor rows: bench/node-floor.js, the least a Node program does to encrypt the tree (no CLI, KMS, tar or message format)' +
      `${timeTool ? '' : '\npeak RSS n/a: GNU time not found (apt-get install time)'}`)
  } finally {
    rmSync(work, {recursive: true, force: true})
  }
}

await main()
