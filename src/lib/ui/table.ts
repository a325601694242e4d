/** Plain aligned columns for human output (like `kubectl get`), no borders: easy to read and to grep. */
import Table from 'cli-table3'

export function renderTable(head: string[], rows: (string | number | undefined)[][]): string {
  const table = new Table({
    head,
    chars: {'top': '', 'top-mid': '', 'top-left': '', 'top-right': '', 'bottom': '', 'bottom-mid': '', 'bottom-left': '',
      'bottom-right': '', 'left': '', 'left-mid': '', 'mid': '', 'mid-mid': '', 'right': '', 'right-mid': '', 'middle': '  '},
    style: {head: process.env.NO_COLOR || !process.stdout.isTTY ? [] : ['bold'], border: [], 'padding-left': 0, 'padding-right': 0},
  })
  table.push(...rows.map(r => r.map(c => (c === undefined ? '' : String(c)))))
  return table.toString().split('\n').map(l => l.trimEnd()).join('\n')
}

/** `Name: value` lines for one record. */
export function renderFields(fields: [string, unknown][]): string {
  const shown = fields.filter(([, v]) => v !== undefined && v !== null && v !== '')
  const width = Math.max(...shown.map(([k]) => k.length))
  return shown.map(([k, v]) => `${(k + ':').padEnd(width + 2)}${v instanceof Date ? v.toISOString() : Array.isArray(v) ? v.join(', ') : String(v)}`).join('\n')
}
