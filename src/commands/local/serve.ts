import {Flags} from '@oclif/core'
import {BaseCommand} from '../../base-command.js'
import {localEngine} from '../../lib/clients.js'
import {UsageError} from '../../lib/errors.js'
import {DEFAULT_PORT, isLoopback, startServer} from '../../lib/local/server.js'
import {ensureAdmin} from '../../lib/local/engine/identity.js'

export default class LocalServe extends BaseCommand<typeof LocalServe> {
  static override summary = 'Serve the local KMS over HTTP for the AWS CLI, AWS SDKs and the AWS Encryption SDK.'
  static override description = `Point any AWS client at it with AWS_ENDPOINT_URL_KMS=<url> and the credentials from \`kms local credentials\`.
Binds 127.0.0.1 unless --host names another address and --allow-remote is given. Stops cleanly on Ctrl-C or SIGTERM.`
  static override examples = [
    '<%= config.bin %> local serve',
    '<%= config.bin %> local serve --port 0 --quiet   # a free port; the URL is printed first',
  ]
  static override flags = {
    host: Flags.string({default: '127.0.0.1', summary: 'address to bind'}),
    port: Flags.integer({default: DEFAULT_PORT, min: 0, max: 65535, summary: 'port (0 picks a free one)'}),
    quiet: Flags.boolean({char: 'q', summary: 'no line per request'}),
    'allow-remote': Flags.boolean({summary: 'allow binding an address other than loopback'}),
  }

  async run(): Promise<void> {
    const {port, quiet} = this.flags
    // [::1] as in a URL is ::1.
    const host = this.flags.host.replace(/^\[(.*)\]$/, '$1')
    if (!isLoopback(host) && !this.flags['allow-remote']) {
      throw new UsageError(`refusing to serve the local KMS on ${host}, which is not a loopback address`, {hint: 'add --allow-remote if other machines must reach it'})
    }
    const engine = localEngine()
    const {AccessKeyId} = ensureAdmin(engine)
    const server = await startServer({engine, host, port, log: quiet ? undefined : line => process.stderr.write(`${line}\n`)}).catch((error: NodeJS.ErrnoException) => {
      engine.db.close()
      if (error.code === 'EADDRINUSE') throw new UsageError(`cannot serve on ${host}:${port}: the port is in use`, {hint: 'choose another with --port, or --port 0 for a free one'})
      if (error.code === 'EADDRNOTAVAIL') throw new UsageError(`cannot serve on ${host}: no network interface has that address`)
      if (error.code === 'EACCES') throw new UsageError(`cannot serve on ${host}:${port}: permission denied`, {hint: 'ports below 1024 need privileges: choose another with --port'})
      throw error
    })
    if (this.jsonEnabled()) process.stdout.write(`${JSON.stringify({Endpoint: server.url, AccessKeyId, AccountId: engine.accountId})}\n`)
    else process.stdout.write(`${server.url}\n`)
    if (!quiet) process.stderr.write(`kms local serve: account ${engine.accountId}, store ${engine.home}; credentials: kms local credentials\n`)
    await new Promise<void>(resolve => {
      const stop = () => {
        process.off('SIGINT', stop).off('SIGTERM', stop)
        server.close().then(() => {
          engine.db.close()
          resolve()
        })
      }
      process.on('SIGINT', stop).on('SIGTERM', stop)
    })
  }
}
