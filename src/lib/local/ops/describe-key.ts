import {resolveKey, toKeyMetadata} from '../engine/keys.js'
import {requiredString} from '../validate.js'
import type {Operation} from './operation.js'

export const describeKey: Operation = (ctx, input) =>
  ({KeyMetadata: toKeyMetadata(resolveKey(ctx, requiredString(input, 'KeyId'), {allowAlias: true}), ctx.engine)})
