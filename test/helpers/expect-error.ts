import {expect} from 'vitest'

/** Awaits a promise that must reject with an error of the given AWS name; returns the error. */
export async function expectAwsError(promise: Promise<unknown>, name: string, message?: RegExp): Promise<Error> {
  let caught: unknown
  try {
    await promise
  } catch (error) {
    caught = error
  }
  expect(caught, `expected ${name}, but the call succeeded`).toBeInstanceOf(Error)
  expect((caught as Error).name).toBe(name)
  if (message) expect((caught as Error).message).toMatch(message)
  return caught as Error
}
