import {Args} from '@oclif/core'
import {readFileSync} from 'node:fs'
import {BaseCommand} from '../../base-command.js'
import {UsageError, describeFsError} from '../../lib/errors.js'
import {validatePolicy} from '../../lib/policy/validate.js'

export default class PolicyValidate extends BaseCommand<typeof PolicyValidate> {
  static override summary = 'Check a key policy file offline; exit 2 and list the problems if it is invalid.'
  static override args = {file: Args.string({required: true, description: 'policy JSON file, or - for stdin'})}

  async run(): Promise<{Valid: boolean; Problems: string[]}> {
    const name = this.args.file === '-' ? 'stdin' : this.args.file
    let text: string
    try {
      text = readFileSync(this.args.file === '-' ? 0 : this.args.file, 'utf8')
    } catch (error) {
      throw describeFsError('read', name, error)
    }
    const Problems = validatePolicy(text)
    if (Problems.length > 0) throw new UsageError(`${name} is not a valid key policy: ${Problems.join('; ')}`)
    this.log(`${name}: valid key policy`)
    return {Valid: true, Problems}
  }
}
