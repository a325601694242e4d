// Benchmark: `kms local serve` vs a bare node:http server answering a fixed JSON body (this machine's
// ceiling), driven by the same concurrent AWS SDK clients with SigV4 over loopback keep-alive.
// Usage: node bench/serve.js [seconds per case, default 5] [concurrency, default 32]
import {spawn} from 'node:child_process'
import {mkdtempSync, rmSync} from 'node:fs'
import {Agent} from 'node:http'
import {tmpdir} from 'node:os'
import {join} from 'node:path'
import {importPackage, isolatedKmsEnv, requireBuild} from './tools.js'

requireBuild()
const {CreateKeyCommand, DecryptCommand, GenerateDataKeyCommand, KMSClient} = await importPackage('@aws-sdk/client-kms')
const {NodeHttpHandler} = await importPackage('@smithy/node-http-handler')

process.env.AWS_SDK_JS_NODE_VERSION_SUPPORT_WARNING_DISABLED = 'true'
const seconds = Number(process.argv[2] ?? 5)
const concurrency = Number(process.argv[3] ?? 32)
const root = new URL('..', import.meta.url).pathname

const children = []

function startChild(args, env) {
  const child = spawn(process.execPath, args, {env, stdio: ['ignore', 'pipe', 'inherit']})
  children.push(child)
  return new Promise((resolve, reject) => {
    let out = ''
    child.stdout.on('data', d => {
      out += d
      const line = out.split('\n')[0]
      if (out.includes('\n')) resolve({child, line})
    })
    child.on('exit', code => reject(new Error(`server exited ${code}`)))
  })
}

const BARE = `
const http = require('node:http')
const body = process.env.BODY
http.createServer({keepAlive: true}, (req, res) => {
  req.resume()
  req.on('end', () => { res.writeHead(200, {'content-type': 'application/x-amz-json-1.1', 'content-length': Buffer.byteLength(body)}); res.end(body) })
}).listen(0, '127.0.0.1', function () { console.log('http://127.0.0.1:' + this.address().port) })
`

function client(endpoint, creds) {
  return new KMSClient({region: 'us-east-1', endpoint, credentials: creds, maxAttempts: 1,
    requestHandler: new NodeHttpHandler({httpAgent: new Agent({keepAlive: true, maxSockets: concurrency})})})
}

async function load(name, send, duration = seconds) {
  const latencies = []
  const until = Date.now() + duration * 1000
  let errors = 0
  await Promise.all(Array.from({length: concurrency}, async () => {
    while (Date.now() < until) {
      const t = process.hrtime.bigint()
      try {
        await send()
      } catch {
        errors++
      }
      latencies.push(Number(process.hrtime.bigint() - t) / 1e6)
    }
  }))
  latencies.sort((a, b) => a - b)
  const pct = p => latencies[Math.min(latencies.length - 1, Math.floor(latencies.length * p))].toFixed(2)
  return {name, rps: Math.round(latencies.length / duration), p50: pct(0.5), p99: pct(0.99), errors}
}

const home = mkdtempSync(join(tmpdir(), 'kms-bench-serve-'))
const kmsEnv = isolatedKmsEnv(home)
const results = []
try {
  const {line} = await startChild([join(root, 'bin/run.js'), 'local', 'serve', '--port', '0', '--quiet', '--json'], kmsEnv)
  const {Endpoint} = JSON.parse(line)
  const creds = await new Promise((resolve, reject) => {
    const c = spawn(process.execPath, [join(root, 'bin/run.js'), 'local', 'credentials', '--json'], {env: kmsEnv})
    let s = ''
    c.stdout.on('data', d => (s += d))
    c.on('exit', code => (code === 0 ? resolve(JSON.parse(s)) : reject(new Error('credentials failed'))))
  })
  const credentials = {accessKeyId: creds.AccessKeyId, secretAccessKey: creds.SecretAccessKey}
  const kms = client(Endpoint, credentials)
  const {KeyMetadata} = await kms.send(new CreateKeyCommand({}))
  const dk = await kms.send(new GenerateDataKeyCommand({KeyId: KeyMetadata.KeyId, KeySpec: 'AES_256'}))
  const fixed = JSON.stringify({CiphertextBlob: Buffer.from(dk.CiphertextBlob).toString('base64'), KeyId: KeyMetadata.Arn,
    Plaintext: Buffer.from(dk.Plaintext).toString('base64')})
  const {line: bareUrl} = await startChild(['-e', BARE], {...process.env, BODY: fixed})
  const bare = client(bareUrl, credentials)

  // Warm up both servers and the client (JIT, connection pools) so the first case is not measured cold.
  const gdk = client => () => client.send(new GenerateDataKeyCommand({KeyId: KeyMetadata.KeyId, KeySpec: 'AES_256'}))
  await load('warm-up', gdk(bare), 2)
  await load('warm-up', gdk(kms), 2)
  results.push(await load('bare node:http, fixed body (ceiling)', () => bare.send(new GenerateDataKeyCommand({KeyId: KeyMetadata.KeyId, KeySpec: 'AES_256'}))))
  results.push(await load('kms local serve: GenerateDataKey', () => kms.send(new GenerateDataKeyCommand({KeyId: KeyMetadata.KeyId, KeySpec: 'AES_256'}))))
  results.push(await load('kms local serve: Decrypt', () => kms.send(new DecryptCommand({CiphertextBlob: dk.CiphertextBlob}))))
} finally {
  for (const child of children) {
    child.removeAllListeners('exit')
    child.kill('SIGTERM')
  }
  rmSync(home, {recursive: true, force: true})
}

const ceiling = results[0].rps
console.log(`\nlocal serve over loopback: ${concurrency} concurrent SDK clients, SigV4, ${seconds} s per case`)
console.log('case'.padEnd(40), 'req/s'.padStart(8), 'of ceiling'.padStart(11), 'p50 ms'.padStart(8), 'p99 ms'.padStart(8), 'errors'.padStart(7))
for (const r of results) {
  console.log(r.name.padEnd(40), String(r.rps).padStart(8), `${Math.round((100 * r.rps) / ceiling)}%`.padStart(11), r.p50.padStart(8), r.p99.padStart(8), String(r.errors).padStart(7))
}
