import {expect} from 'vitest'
import {liveWorkers} from '../../src/lib/workers.js'

/** Workers end asynchronously after terminate(); waits up to 2 s for all of them, then expects none. */
export async function expectNoWorkers(): Promise<void> {
  for (let i = 0; i < 100 && liveWorkers() > 0; i++) await new Promise((resolve) => setTimeout(resolve, 20))
  expect(liveWorkers()).toBe(0)
}
