// Prints the plain closing line CI reads ("N passed, N failed, N skipped") from vitest's JSON report.
import {readFileSync} from 'node:fs'

const path = process.argv[2]
let report
try {
  report = JSON.parse(readFileSync(path, 'utf8'))
} catch (error) {
  console.log(`tests: no report at ${path} (${error.code ?? error.message}); the run failed before the tests finished`)
  process.exit(0)
}
const skipped = report.numPendingTests + report.numTodoTests
console.log(`tests: ${report.numPassedTests} passed, ${report.numFailedTests} failed${skipped ? `, ${skipped} skipped` : ''}`)
