/**
 * Structural validation of IAM policy documents as KMS applies it to key policies: JSON, a known
 * Version, statements with an Effect, a principal, actions, and well-formed conditions. Returns the
 * problems found; an empty list means the document is acceptable.
 */

export const MAX_KEY_POLICY_BYTES = 32_768

type Json = unknown

const isObject = (v: Json): v is Record<string, Json> => typeof v === 'object' && v !== null && !Array.isArray(v)
const isStringOrStrings = (v: Json) => typeof v === 'string' || (Array.isArray(v) && v.length > 0 && v.every(s => typeof s === 'string'))

export interface ValidateOptions {
  /** Key policies need a Principal in every statement; identity policies must not have one. */
  kind?: 'key' | 'identity'
}

export function validatePolicy(text: string, options: ValidateOptions = {}): string[] {
  const kind = options.kind ?? 'key'
  if (Buffer.byteLength(text) > MAX_KEY_POLICY_BYTES) return [`the policy is larger than ${MAX_KEY_POLICY_BYTES} bytes`]
  let doc: Json
  try {
    doc = JSON.parse(text)
  } catch (error) {
    return [`the policy is not valid JSON: ${(error as Error).message}`]
  }
  if (!isObject(doc)) return ['the policy must be a JSON object']
  const problems: string[] = []
  if (doc.Version !== undefined && doc.Version !== '2012-10-17' && doc.Version !== '2008-10-17') {
    problems.push(`unsupported Version ${JSON.stringify(doc.Version)}: use "2012-10-17"`)
  }
  if (doc.Id !== undefined && typeof doc.Id !== 'string') problems.push('Id must be a string')
  const statements = Array.isArray(doc.Statement) ? doc.Statement : isObject(doc.Statement) ? [doc.Statement] : undefined
  if (!statements || statements.length === 0) return [...problems, 'Statement must be an object or a non-empty list of objects']
  statements.forEach((statement, i) => problems.push(...validateStatement(statement, i, kind)))
  const sids = statements.map(s => (isObject(s) ? s.Sid : undefined)).filter(s => s !== undefined)
  if (new Set(sids).size !== sids.length) problems.push('statement IDs (Sid) must be unique')
  return problems
}

function validateStatement(statement: Json, index: number, kind: 'key' | 'identity'): string[] {
  const where = `Statement[${index}]`
  if (!isObject(statement)) return [`${where} must be an object`]
  const problems: string[] = []
  const known = new Set(['Sid', 'Effect', 'Principal', 'NotPrincipal', 'Action', 'NotAction', 'Resource', 'NotResource', 'Condition'])
  for (const name of Object.keys(statement)) if (!known.has(name)) problems.push(`${where} has an unknown element ${name}`)
  if (statement.Sid !== undefined && typeof statement.Sid !== 'string') problems.push(`${where}.Sid must be a string`)
  if (statement.Effect !== 'Allow' && statement.Effect !== 'Deny') problems.push(`${where}.Effect must be "Allow" or "Deny"`)
  const principal = statement.Principal ?? statement.NotPrincipal
  if (kind === 'key') {
    if (principal === undefined) problems.push(`${where} needs a Principal`)
    else if (!isPrincipal(principal)) problems.push(`${where}.Principal must be "*" or an object of AWS, Service or Federated principals`)
  } else if (principal !== undefined) {
    problems.push(`${where} has a Principal, which identity policies do not take`)
  }
  const action = statement.Action ?? statement.NotAction
  if (action === undefined || !isStringOrStrings(action)) problems.push(`${where} needs Action as a string or a list of strings`)
  else for (const a of [action].flat() as string[]) {
    if (a !== '*' && !/^[a-zA-Z0-9-]+:[A-Za-z0-9*?]+$/.test(a)) problems.push(`${where} has an invalid action ${JSON.stringify(a)}`)
  }
  const resource = statement.Resource ?? statement.NotResource
  if (resource !== undefined && !isStringOrStrings(resource)) problems.push(`${where}.Resource must be a string or a list of strings`)
  if (statement.Condition !== undefined && !isCondition(statement.Condition)) {
    problems.push(`${where}.Condition must map operators to objects of condition keys and values`)
  }
  return problems
}

function isPrincipal(principal: Json): boolean {
  if (principal === '*') return true
  if (!isObject(principal)) return false
  const kinds = Object.keys(principal)
  return kinds.length > 0 && kinds.every(k => ['AWS', 'Service', 'Federated', 'CanonicalUser'].includes(k) && isStringOrStrings(principal[k]))
}

function isCondition(condition: Json): boolean {
  if (!isObject(condition)) return false
  return Object.values(condition).every(block => isObject(block) && Object.values(block).every(v =>
    ['string', 'boolean', 'number'].includes(typeof v) || (Array.isArray(v) && v.every(x => ['string', 'boolean', 'number'].includes(typeof x)))))
}

/** The key policy AWS gives a key created without one: the account root may do everything. */
export function defaultKeyPolicy(accountId: string): string {
  return JSON.stringify({
    Version: '2012-10-17',
    Id: 'key-default-1',
    Statement: [{
      Sid: 'Enable IAM User Permissions',
      Effect: 'Allow',
      Principal: {AWS: `arn:aws:iam::${accountId}:root`},
      Action: 'kms:*',
      Resource: '*',
    }],
  }, null, 2)
}
