// SPDX-License-Identifier: Apache-2.0
//
// Checks single values of SBOM documents with the reference implementations, pinned in
// package-lock.json: Package URLs with packageurl-js (the purl spec's JavaScript implementation)
// and SPDX license expressions with spdx-expression-parse (SPDX 2.3 Annex D, the SPDX License
// List's identifiers).
//   node check-values.js < LINES      each line "purl<TAB>VALUE" or "license<TAB>VALUE"; prints
//                                     "ok" or "invalid: REASON" per line, in order; a line
//                                     "build<TAB>TYPE<TAB>NAMESPACE<TAB>NAME<TAB>VERSION" prints
//                                     the purl packageurl-js makes of those parts
'use strict'

const path = require('path')
const readline = require('readline')
const modules = path.join(__dirname, 'node_modules')
const { PackageURL } = require(path.join(modules, 'packageurl-js'))
const parseSpdx = require(path.join(modules, 'spdx-expression-parse'))

function check (kind, value) {
  try {
    if (kind === 'build') {
      const [type, namespace, name, version] = value.split('\t')
      return new PackageURL(type, namespace || undefined, name, version || undefined).toString()
    }
    if (kind === 'purl') {
      PackageURL.fromString(value)
    } else if (kind === 'license') {
      parseSpdx(value)
    } else {
      return `invalid: unknown kind "${kind}"`
    }
    return 'ok'
  } catch (err) {
    return `invalid: ${err.message}`
  }
}

const out = []
readline.createInterface({ input: process.stdin, crlfDelay: Infinity })
  .on('line', line => {
    const tab = line.indexOf('\t')
    out.push(tab < 0 ? 'invalid: not KIND<TAB>VALUE' : check(line.slice(0, tab), line.slice(tab + 1)))
  })
  .on('close', () => { process.stdout.write(out.map(s => s + '\n').join('')) })
