/**
 * A progress line on stderr (bytes, rate, ETA; files for archives) when stderr is a terminal;
 * nothing at all otherwise, so pipes and CI logs stay clean.
 */
import type {Ora} from 'ora'

export interface Progress {
  update(bytesDone: number, bytesTotal?: number, filesDone?: number, filesTotal?: number): void
  stop(): void
}

const silent: Progress = {update() {}, stop() {}}

const MIN_BYTES = 8 * 1024 * 1024

export function formatBytes(n: number): string {
  const units = ['B', 'KiB', 'MiB', 'GiB', 'TiB']
  let i = 0
  while (n >= 1024 && i < units.length - 1) {
    n /= 1024
    i++
  }
  return `${n.toFixed(i === 0 ? 0 : 1)} ${units[i]}`
}

/**
 * A progress line for `label`, shown only on a terminal and only for inputs over 8 MiB (or of
 * unknown size). ora is loaded only then: scripts never pay for it.
 */
export async function createProgress(label: string, stream: NodeJS.WriteStream = process.stderr): Promise<Progress> {
  // A terminal of unknown width (a pty nobody sized, as under `script` or some CI runners) gets none: ora would divide by its 0 columns and spin forever.
  if (!stream.isTTY || process.env.CI || !(stream.columns > 0)) return silent
  const {default: ora} = await import('ora')
  const started = Date.now()
  let spinner: Ora | undefined
  let last = 0
  return {
    update(done, total, files, filesTotal) {
      const now = Date.now()
      if (now - last < 100 || (total !== undefined && total < MIN_BYTES)) return
      last = now
      const seconds = (now - started) / 1000
      const rate = seconds > 0 ? done / seconds : 0
      const parts = [label]
      if (filesTotal !== undefined) parts.push(`${files ?? 0}/${filesTotal} files`)
      parts.push(total ? `${formatBytes(done)} of ${formatBytes(total)} (${Math.floor((100 * done) / total)}%)` : formatBytes(done))
      if (rate > 0) parts.push(`${formatBytes(rate)}/s`)
      if (total && rate > 0 && done < total) parts.push(`ETA ${Math.ceil((total - done) / rate)}s`)
      spinner ??= ora({stream, color: process.env.NO_COLOR ? false : 'cyan'}).start()
      spinner.text = parts.join('  ')
    },
    stop() {
      spinner?.stop()
    },
  }
}
