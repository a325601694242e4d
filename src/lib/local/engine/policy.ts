/** Key policy storage rules. Enforcement of policies is the policy engine's job (lib/policy). */
import {validatePolicy} from '../../policy/validate.js'
import {ServiceError} from '../service-error.js'

export function checkPolicy(policy: string): void {
  const problems = validatePolicy(policy, {kind: 'key'})
  if (problems.length > 0) throw new ServiceError('MalformedPolicyDocumentException', `The new key policy is invalid: ${problems[0]}`)
}

type Principal = {arn: string; accountId: string}

/**
 * AWS's lockout safety check (PutKeyPolicy, CreateKey and ReplicateKey with a policy, unless
 * BypassPolicyLockoutSafetyCheck): the new policy must let the caller change the policy again.
 * Read leniently, so that no policy AWS accepts is refused here: an Allow statement counts when
 * its principal covers the caller (`*`, the caller's ARN, its account or account root) and its
 * actions cover kms:PutKeyPolicy, whatever its conditions; a Deny only when it has no condition
 * and covers every resource.
 */
export function checkLockout(policy: string, caller: Principal): void {
  const statements = [JSON.parse(policy).Statement].flat().filter((s): s is Record<string, unknown> => typeof s === 'object' && s !== null)
  const applies = (s: Record<string, unknown>) => principalCovers(s, caller) && actionCovers(s, 'kms:PutKeyPolicy')
  const allowed = statements.some(s => s.Effect === 'Allow' && applies(s))
  // A Deny counts only when it surely covers this key: every resource, no condition.
  const denied = statements.some(s => s.Effect === 'Deny' && s.Condition === undefined && s.NotResource === undefined &&
    (s.Resource === undefined || listOf(s.Resource).includes('*')) && applies(s))
  if (!allowed || denied) {
    throw new ServiceError('MalformedPolicyDocumentException',
      'The new key policy will not allow you to update the key policy in the future.')
  }
}

function listOf(value: unknown): string[] {
  return [value].flat().filter((v): v is string => typeof v === 'string')
}

function principalCovers(statement: Record<string, unknown>, caller: Principal): boolean {
  const names = (value: unknown) => (value === '*' ? ['*'] : listOf((value as {AWS?: unknown} | undefined)?.AWS))
  const matches = (name: string) => name === '*' || name === caller.arn || name === caller.accountId || name === `arn:aws:iam::${caller.accountId}:root`
  if (statement.Principal !== undefined) return names(statement.Principal).some(matches)
  if (statement.NotPrincipal !== undefined) return !names(statement.NotPrincipal).some(matches)
  return false
}

function actionCovers(statement: Record<string, unknown>, action: string): boolean {
  const matches = (pattern: string) => new RegExp(`^${pattern.replace(/[.+^${}()|[\]\\]/g, '\\$&').replace(/\*/g, '.*').replace(/\?/g, '.')}$`, 'i').test(action)
  if (statement.Action !== undefined) return listOf(statement.Action).some(matches)
  if (statement.NotAction !== undefined) return !listOf(statement.NotAction).some(matches)
  return false
}
