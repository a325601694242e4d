#!/usr/bin/env node
// The AWS SDK warns on every run under Node 20; the warning is for developers, not our users.
process.env.AWS_SDK_JS_NODE_VERSION_SUPPORT_WARNING_DISABLED ??= 'true'
const {execute} = await import('../dist/cli/cli.js')

await execute({dir: import.meta.url})
