#!/usr/bin/env node
/**
 * The benchmark suite: envelope, archive and serve, in sequence, each in its own child process that
 * prints its table to our stdout. A failing benchmark does not stop the others; the suite then
 * exits non-zero and names it. Load average is printed around each one, since the machine may be
 * shared.
 *
 *   npm run bench                          # builds, then node bench/run.js
 *   node bench/run.js --quick              # smoke run: envelope 128 MiB, BENCH_REPEAT=1, serve 3 s
 *   BENCH_SIZE_MIB=256 BENCH_REPEAT=5 node bench/run.js
 */
import {execFileSync, spawn} from 'node:child_process'
import {cpus, loadavg} from 'node:os'
import {join} from 'node:path'
import {parseArgs} from 'node:util'
import {ROOT} from './tools.js'

const {values} = parseArgs({options: {quick: {type: 'boolean', default: false}, help: {type: 'boolean', short: 'h', default: false}}})
if (values.help) {
  console.log('usage: node bench/run.js [--quick]\nenv: BENCH_SIZE_MIB (envelope input, default 1024), BENCH_REPEAT (runs per case, default 3)')
  process.exit(0)
}

const sizeMiB = values.quick ? 128 : Number(process.env.BENCH_SIZE_MIB ?? 1024)
if (!Number.isInteger(sizeMiB) || sizeMiB < 1) {
  console.error(`error: BENCH_SIZE_MIB must be a whole number of MiB, not '${process.env.BENCH_SIZE_MIB}'`)
  process.exit(1)
}
const env = values.quick ? {...process.env, BENCH_REPEAT: '1'} : process.env
const benchmarks = [
  {name: 'envelope', args: [String(sizeMiB)]},
  {name: 'archive', args: []},
  {name: 'serve', args: values.quick ? ['3'] : []},
]

const load = () => loadavg().map(l => l.toFixed(2)).join(' ')

function describeCheckout() {
  try {
    const commit = execFileSync('git', ['rev-parse', '--short', 'HEAD'], {cwd: ROOT, encoding: 'utf8'}).trim()
    const dirty = execFileSync('git', ['status', '--porcelain', '--', 'src'], {cwd: ROOT, encoding: 'utf8'}).trim() !== ''
    return `${commit}${dirty ? ' (src/ has uncommitted changes)' : ''}`
  } catch {
    return 'unknown (not a git checkout)'
  }
}

function run({name, args}) {
  const child = spawn(process.execPath, [join(ROOT, 'bench', `${name}.js`), ...args], {env, stdio: 'inherit'})
  return new Promise(resolve => {
    child.on('error', error => resolve(`could not start: ${error.message}`))
    child.on('exit', (code, signal) => resolve(code === 0 ? undefined : signal ? `killed by ${signal}` : `exit ${code}`))
  })
}

console.log(`kms benchmarks${values.quick ? ' (--quick)' : ''}: ${new Date().toISOString()}, commit ${describeCheckout()}, ` +
  `node ${process.version}, ${cpus().length} CPUs, BENCH_REPEAT=${env.BENCH_REPEAT ?? 3}`)
const failures = []
for (const benchmark of benchmarks) {
  const started = Date.now()
  console.log(`\n== ${benchmark.name} ${benchmark.args.join(' ')}  (load average before: ${load()})`)
  const failure = await run(benchmark)
  console.log(`== ${benchmark.name}: ${failure ? `FAILED (${failure})` : 'done'} in ${((Date.now() - started) / 1000).toFixed(0)} s  (load average after: ${load()})`)
  if (failure) failures.push(`${benchmark.name} (${failure})`)
}

if (failures.length > 0) {
  console.error(`\nerror: ${failures.length} benchmark${failures.length > 1 ? 's' : ''} failed: ${failures.join(', ')}`)
  process.exitCode = 1
}
