// SPDX-License-Identifier: Apache-2.0
//
// Validates CycloneDX 1.6 JSON documents against the official CycloneDX JSON schema, as shipped
// by @cyclonedx/cyclonedx-library (pinned in package-lock.json) and checked with its own ajv-based
// JsonStrictValidator (the schema plus its spdx and jsf sub-schemas, all read from the package:
// no network).
//   node validate.js FILE...     prints "ok FILE" or "invalid FILE" with the errors as JSON;
//                                exit 0 when every file is valid, 1 otherwise, 2 on usage errors
'use strict'

const fs = require('fs')
const path = require('path')
const CDX = require(path.join(__dirname, 'node_modules', '@cyclonedx', 'cyclonedx-library'))

async function main () {
  const files = process.argv.slice(2)
  if (files.length === 0) {
    process.stderr.write('usage: node validate.js FILE...\n')
    return 2
  }
  const validator = new CDX.Validation.JsonStrictValidator(CDX.Spec.Version.v1dot6)
  let status = 0
  for (const file of files) {
    const text = fs.readFileSync(file, 'utf-8')
    let errors
    try {
      errors = await validator.validate(text)
    } catch (err) {
      errors = [String(err)]
    }
    if (errors === null) {
      process.stdout.write(`ok ${file}\n`)
    } else {
      process.stdout.write(`invalid ${file}\n${JSON.stringify(errors, null, 2)}\n`)
      status = 1
    }
  }
  return status
}

main().then(code => { process.exitCode = code }, err => {
  process.stderr.write(`${err.stack || err}\n`)
  process.exitCode = 2
})
