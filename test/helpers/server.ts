import {KMSClient} from '@aws-sdk/client-kms'
import {afterAll} from 'vitest'
import {openEngine} from '../../src/lib/local/engine/engine.js'
import {ensureAdmin} from '../../src/lib/local/engine/identity.js'
import {startServer} from '../../src/lib/local/server.js'
import {tempDir} from './temp.js'

/** `kms local serve` on a free loopback port with a fresh store, stopped after the file's tests. */
export async function startTestServer() {
  const home = tempDir()
  const engine = openEngine({home})
  const credentials = ensureAdmin(engine)
  const server = await startServer({engine, port: 0, sweepIntervalMs: 0})
  afterAll(async () => {
    await server.close()
    engine.db.close()
  })
  return {
    ...server,
    engine,
    home,
    credentials,
    client: (region = 'us-east-1') => new KMSClient({region, endpoint: server.url, maxAttempts: 1,
      credentials: {accessKeyId: credentials.AccessKeyId, secretAccessKey: credentials.SecretAccessKey}}),
  }
}
