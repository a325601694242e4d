/**
 * oclif's `command_not_found` hook: an unknown command is a usage error like any other (one
 * `error:` line, a hint, exit 2; under --json the error object), not oclif's own banner.
 */
import type {Hook} from '@oclif/core'
import {UsageError} from '../lib/errors.js'
import {formatError} from '../lib/ui/messages.js'

const hook: Hook<'command_not_found'> = async function (options) {
  // oclif joins every word that could be part of the id: name the words up to the first one that is neither a topic nor a command.
  const words = options.id.split(':')
  let known = 0
  while (known < words.length - 1 && options.config.topics.some(t => t.name === words.slice(0, known + 1).join(':'))) known++
  const topic = words.slice(0, known).join(' ')
  const error = new UsageError(`unknown command: ${[options.config.bin, ...words.slice(0, known + 1)].join(' ')}`,
    {hint: `see: ${[options.config.bin, topic, '--help'].filter(Boolean).join(' ')}`})
  if (options.argv?.includes('--json')) process.stdout.write(`${JSON.stringify({error: {name: error.name, message: error.message, hints: error.hints, exitCode: error.exitCode}})}\n`)
  else process.stderr.write(formatError(error))
  this.exit(error.exitCode)
}

export default hook
