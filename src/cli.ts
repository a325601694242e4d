/**
 * The CLI's entry, bundled with the commands (scripts/bundle.mjs) so that oclif and the commands
 * share one copy of @oclif/core.
 */
export {execute} from '@oclif/core'
