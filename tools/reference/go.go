// SPDX-License-Identifier: Apache-2.0
//
// Reference for the go scheme: golang.org/x/mod/semver itself (Debian's
// golang-golang-x-mod-dev, built offline from GOPATH=/usr/share/gocode).
// Reads "A<TAB>B" lines, prints < = > per line, or ! when semver.IsValid rejects
// either side (an empty version included) or the line is not two tab-separated fields.
// upkeep is no stricter than x/mod here, so there is no extra rule.
package main

import (
	"bufio"
	"bytes"
	"os"

	"golang.org/x/mod/semver"
)

func answer(line []byte) byte {
	fields := bytes.Split(line, []byte{'\t'})
	if len(fields) != 2 {
		return '!'
	}
	a, b := string(fields[0]), string(fields[1])
	if !semver.IsValid(a) || !semver.IsValid(b) {
		return '!'
	}
	switch semver.Compare(a, b) {
	case -1:
		return '<'
	case 1:
		return '>'
	}
	return '='
}

func main() {
	in := bufio.NewReaderSize(os.Stdin, 1<<16)
	out := bufio.NewWriterSize(os.Stdout, 1<<16)
	defer out.Flush()
	for {
		line, err := in.ReadBytes('\n')
		if len(line) == 0 && err != nil {
			return
		}
		line = bytes.TrimSuffix(line, []byte{'\n'})
		// The same line protocol as `upkeep version compare`: a CRLF line ending is not data.
		line = bytes.TrimSuffix(line, []byte{'\r'})
		out.WriteByte(answer(line))
		out.WriteByte('\n')
		if err != nil {
			return
		}
	}
}
