// SPDX-License-Identifier: Apache-2.0
//
// Validates SARIF documents against the official SARIF 2.1.0 JSON schema, as shipped by
// @microsoft/sarif-multitool-linux (sarif-2.1.0.json, the OASIS schema; pinned in
// package-lock.json), with ajv's draft 2020-12 validator and its formats (uri, uri-reference,
// date-time, uuid, ...). No network.
//   node validate.js FILE...     prints "ok FILE" or "invalid FILE" with the errors as JSON;
//                                exit 0 when every file is valid, 1 otherwise, 2 on usage errors
'use strict'

const fs = require('fs')
const path = require('path')
const modules = path.join(__dirname, 'node_modules')
const Ajv2020 = require(path.join(modules, 'ajv', 'dist', '2020')).default
const addFormats = require(path.join(modules, 'ajv-formats'))

function main () {
  const files = process.argv.slice(2)
  if (files.length === 0) {
    process.stderr.write('usage: node validate.js FILE...\n')
    return 2
  }
  const schema = JSON.parse(fs.readFileSync(
    path.join(modules, '@microsoft', 'sarif-multitool-linux', 'sarif-2.1.0.json'), 'utf-8'))
  const ajv = new Ajv2020({ allErrors: true, strict: false })
  addFormats(ajv)
  const validate = ajv.compile(schema)
  let status = 0
  for (const file of files) {
    let doc
    try {
      doc = JSON.parse(fs.readFileSync(file, 'utf-8'))
    } catch (err) {
      process.stdout.write(`invalid ${file}\n${JSON.stringify([String(err)])}\n`)
      status = 1
      continue
    }
    if (validate(doc)) {
      process.stdout.write(`ok ${file}\n`)
    } else {
      process.stdout.write(`invalid ${file}\n${JSON.stringify(validate.errors, null, 2)}\n`)
      status = 1
    }
  }
  return status
}

process.exitCode = main()
