/**
 * A local KMS whose clock a test moves. SigV4 verification refuses requests signed more than
 * 15 minutes from the engine's clock, so the SDK client's clock offset moves with it.
 */
import type {KMSClient} from '@aws-sdk/client-kms'
import {createKmsClient, localEngine} from '../../../src/lib/clients.js'
import type {Engine} from '../../../src/lib/local/engine/engine.js'
import {resetSweeps} from '../../../src/lib/local/engine/lifecycle.js'
import {tempDir} from '../../helpers/temp.js'

export const DAY = 86_400_000

export interface TimeMachine {
  now: Date
  /** The engine on the same store (for audit records). */
  engine(): Engine
  client(region?: string): KMSClient
  /** Moves the engine's clock (and every client's signing clock) forward. */
  advance(ms: number): void
}

export function timeMachine(start = Date.now()): TimeMachine {
  const home = tempDir('kms-time-')
  let now = start
  const clock = () => new Date(now)
  const clients: KMSClient[] = []
  const machine: TimeMachine = {
    get now() {
      return new Date(now)
    },
    engine: () => localEngine(home, clock),
    client(region) {
      const client = createKmsClient({backend: 'local', home, region, clock})
      client.config.systemClockOffset = now - Date.now()
      clients.push(client)
      return client
    },
    advance(ms) {
      now += ms
      resetSweeps()
      for (const client of clients) client.config.systemClockOffset = now - Date.now()
    },
  }
  return machine
}
