/**
 * Every worker thread the tool starts is made here, so that the ones still alive can be counted:
 * tests check that none is left behind (process.getActiveResourcesInfo() does not list workers).
 */
import {Worker, type WorkerOptions} from 'node:worker_threads'

let live = 0

/** A worker running `source` (CommonJS, evaluated), counted until it exits. */
export function startWorker(source: string, options: Omit<WorkerOptions, 'eval'> = {}): Worker {
  const worker = new Worker(source, {...options, eval: true})
  live++
  worker.once('exit', () => {
    live--
  })
  return worker
}

/** Workers started by `startWorker` that have not exited yet. */
export function liveWorkers(): number {
  return live
}
