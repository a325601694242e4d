/** Key policy storage rules. Enforcement of policies is the policy engine's job (lib/policy). */
import {validatePolicy} from '../../policy/validate.js'
import {ServiceError} from '../service-error.js'

export function checkPolicy(policy: string): void {
  const problems = validatePolicy(policy, {kind: 'key'})
  if (problems.length > 0) throw new ServiceError('MalformedPolicyDocumentException', `The new key policy is invalid: ${problems[0]}`)
}
