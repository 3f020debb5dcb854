// SPDX-License-Identifier: Apache-2.0
//
// Reference for the npm scheme: node's semver package (pinned in package-lock.json), strict mode.
// Reads "A<TAB>B" lines (bytes; each side decoded as UTF-8), prints < = > per line, or ! when
// semver.valid() rejects either side (or either side is empty, or the line is not two fields).
'use strict'

const path = require('path')
const semver = require(path.join(__dirname, 'node_modules', 'semver'))

const MAX_SAFE = BigInt(Number.MAX_SAFE_INTEGER)
const NUMERIC = /^[0-9]+$/

function answer (a, b) {
  if (a === '' || b === '') return '!'
  for (const v of [a, b]) {
    if (semver.valid(v, { loose: false }) === null) return '!'
    // upkeep is deliberately stricter than node here: a numeric pre-release identifier above
    // Number.MAX_SAFE_INTEGER is invalid. node keeps it as a string but compares it as a double
    // (`+a` in internal/identifiers.js), so distinct identifiers compare equal and the rest of the
    // pre-release is never looked at: node's own answer is not an order upkeep could agree with.
    for (const id of semver.parse(v).prerelease) {
      if (typeof id === 'string' && NUMERIC.test(id) && BigInt(id) > MAX_SAFE) return '!'
    }
  }
  const c = semver.compare(a, b, { loose: false })
  return c < 0 ? '<' : (c > 0 ? '>' : '=')
}

function main () {
  const chunks = []
  process.stdin.on('data', (chunk) => chunks.push(chunk))
  process.stdin.on('end', () => {
    const input = Buffer.concat(chunks)
    const out = []
    let start = 0
    while (start < input.length) {
      let end = input.indexOf(0x0a, start)
      if (end < 0) end = input.length
      let line = input.subarray(start, end)
      start = end + 1
      // Like `upkeep version compare`: a CR before the LF ends the line, it is not data.
      if (line.length > 0 && line[line.length - 1] === 0x0d) line = line.subarray(0, -1)
      const tab = line.indexOf(0x09)
      if (tab < 0 || line.indexOf(0x09, tab + 1) >= 0) {
        out.push('!')
        continue
      }
      out.push(answer(line.subarray(0, tab).toString('utf8'),
        line.subarray(tab + 1).toString('utf8')))
    }
    process.stdout.write(out.length ? out.join('\n') + '\n' : '')
  })
}

main()
