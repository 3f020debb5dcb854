// SPDX-License-Identifier: Apache-2.0
//
// Validates CycloneDX documents against the official JSON schema of their own specVersion (1.4,
// 1.5 or 1.6), with @cyclonedx/cyclonedx-library's validator from tools/reference/cyclonedx.
//   node validate_cdx.js REFERENCE_DIR FILE...   prints "ok FILE" or "invalid FILE <errors>"
'use strict'

const fs = require('fs')
const path = require('path')

async function main () {
  const [reference, ...files] = process.argv.slice(2)
  const CDX = require(path.join(reference, 'node_modules', '@cyclonedx', 'cyclonedx-library'))
  let status = 0
  for (const file of files) {
    const text = fs.readFileSync(file, 'utf-8')
    let errors
    try {
      const validator = new CDX.Validation.JsonStrictValidator(JSON.parse(text).specVersion)
      errors = await validator.validate(text)
    } catch (err) {
      errors = [String(err)]
    }
    if (errors === null) {
      process.stdout.write(`ok ${file}\n`)
    } else {
      process.stdout.write(`invalid ${file} ${JSON.stringify(errors)}\n`)
      status = 1
    }
  }
  return status
}

main().then(code => { process.exitCode = code }, err => {
  process.stderr.write(`${err.stack || err}\n`)
  process.exitCode = 2
})
