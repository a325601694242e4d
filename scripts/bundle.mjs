#!/usr/bin/env node
/**
 * Bundles the CLI into dist/cli with esbuild: one entry per command (oclif finds them through
 * oclif.manifest.json and loads only the one it runs) plus dist/cli/cli.js (oclif itself), with
 * the code they share split into chunks. Loading a few large files instead of ~900 small ones
 * is most of the start-up time saved (README §Performance). The library (dist/index.js and its
 * types) stays tsc's output. better-sqlite3 is native and stays in node_modules; typescript is
 * only required by oclif when it runs from sources, never here.
 */
import {build} from 'esbuild'
import {readdirSync, writeFileSync} from 'node:fs'
import {join, relative} from 'node:path'
import {fileURLToPath} from 'node:url'

const root = fileURLToPath(new URL('..', import.meta.url))
const src = join(root, 'src')

function commandFiles(dir) {
  return readdirSync(dir, {withFileTypes: true}).flatMap(entry => {
    const path = join(dir, entry.name)
    if (entry.isDirectory()) return commandFiles(path)
    return entry.name.endsWith('.ts') && !entry.name.endsWith('.d.ts') ? [path] : []
  })
}

const result = await build({
  metafile: Boolean(process.env.BUNDLE_METAFILE),
  absWorkingDir: root,
  entryPoints: [join(src, 'cli.ts'), ...commandFiles(join(src, 'commands')), ...commandFiles(join(src, 'hooks'))].map(path => relative(root, path)),
  outbase: 'src',
  outdir: 'dist/cli',
  chunkNames: 'chunks/[name]-[hash]',
  bundle: true,
  splitting: true,
  format: 'esm',
  platform: 'node',
  target: 'node20',
  // ESM builds of the AWS SDK bundle cleanly (their CJS builds have require cycles esbuild cannot order).
  mainFields: ['module', 'main'],
  external: ['better-sqlite3', 'typescript'],
  // Bundled CommonJS code (oclif, some SDK parts) calls require for Node's own modules.
  banner: {js: "import {createRequire as __kmsCreateRequire} from 'node:module'; const require = __kmsCreateRequire(import.meta.url);"},
  legalComments: 'linked',
  // No keepNames and no identifier minifying: the workers run the text of self-contained functions
  // (pack-worker.ts, write-worker.ts), which must not refer to helpers esbuild would add or rename.
  keepNames: false,
  logLevel: 'warning',
})
// BUNDLE_METAFILE=meta.json node scripts/bundle.mjs: what went where (https://esbuild.github.io/analyze/).
if (process.env.BUNDLE_METAFILE) writeFileSync(process.env.BUNDLE_METAFILE, JSON.stringify(result.metafile))
