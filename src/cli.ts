/**
 * The CLI's entry, bundled with the commands (scripts/bundle.mjs) so that oclif and the commands
 * share one copy of @oclif/core.
 */
import {execute} from '@oclif/core'
import {ExitCode, describeFsError} from './lib/errors.js'
import {formatError} from './lib/ui/messages.js'

// oclif rethrows every stdout error but EPIPE from the stream's 'error' event, which ends the process
// with a stack trace (`kms decrypt F -o - > /dev/full`, `kms --help > /dev/full`). A stdout that fails
// is fatal here too, but said in one line with the error's exit code. EPIPE (the reader went away)
// is quiet and exit 141, whether the command is still writing (it stops there) or has returned.
// Exiting at once is safe: kms prints to stdout only once its output files are in place, and with
// -o - there is no file to clean up.
process.stdout.removeAllListeners('error')
process.stdout.on('error', (error: NodeJS.ErrnoException) => {
  if (error.code === 'EPIPE') {
    process.exitCode = ExitCode.BrokenPipe
    return
  }
  const failure = describeFsError('write', 'stdout', error)
  process.stderr.write(formatError(failure))
  process.exit(failure.exitCode)
})

export {execute}
