import type {RequestContext} from '../engine/engine.js'
import type {Input} from '../validate.js'

/** One KMS operation: validates its input, calls the engine, shapes AWS's output. */
export type Operation = (ctx: RequestContext, input: Input) => Record<string, unknown>
