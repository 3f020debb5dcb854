// SPDX-License-Identifier: Apache-2.0
//
// Scores CVSS vectors with the two pinned reference implementations, for upkeep's differential
// test (tests/differential/cvss_reference_test.py). Reads one vector per line on stdin; prints
//   <vector> TAB ae:<base>,<temporal|->,<environmental|->,<full|-> TAB pd:<same>
// where "ae" is ae-cvss-calculator ({metaeffekt}) and "pd" is @pandatix/js-cvss, and a side
// that refuses the vector prints "!". Scores are printed with one decimal.
//   node tools/reference/cvss/score.mjs < vectors.txt
import { register } from 'node:module';
import { createRequire } from 'node:module';
import readline from 'node:readline';

register('./resolve-hook.mjs', import.meta.url);
const require = createRequire(import.meta.url);
const ae = require('ae-cvss-calculator');
const { CVSS30 } = await import('@pandatix/js-cvss/dist/cvss30.js');
const { CVSS31 } = await import('@pandatix/js-cvss/dist/cvss31.js');
const { CVSS40 } = await import('@pandatix/js-cvss/dist/cvss40.js');

const fmt = (x) => (x === undefined || x === null || Number.isNaN(x) ? '-' : Number(x).toFixed(1));
const has = (v, keys) => v.split('/').slice(1).some((f) => {
  const [k, val] = f.split(':');
  return keys.includes(k) && val !== 'X';
});
const kV3Temporal = ['E', 'RL', 'RC'];
const kV3Env = ['CR', 'IR', 'AR', 'MAV', 'MAC', 'MPR', 'MUI', 'MS', 'MC', 'MI', 'MA'];
const kV4Optional = ['E', 'CR', 'IR', 'AR', 'MAV', 'MAC', 'MAT', 'MPR', 'MUI', 'MVC', 'MVI', 'MVA',
                     'MSC', 'MSI', 'MSA'];
const kV4Base = ['AV', 'AC', 'AT', 'PR', 'UI', 'VC', 'VI', 'VA', 'SC', 'SI', 'SA'];

// The base metrics alone of a v4.0 vector (its CVSS-B score is the base score).
const v4Base = (v) => 'CVSS:4.0/' + v.split('/').slice(1)
  .filter((f) => kV4Base.includes(f.split(':')[0])).join('/');

function aeScores(v) {
  try {
    if (v.startsWith('CVSS:4.0/')) {
      const base = new ae.Cvss4P0(v4Base(v)).calculateScores().overall;
      const full = has(v, kV4Optional) ? new ae.Cvss4P0(v).calculateScores().overall : undefined;
      return [base, undefined, undefined, full].map(fmt).join(',');
    }
    const c = v.startsWith('CVSS:3.1/') ? new ae.Cvss3P1(v) : new ae.Cvss3P0(v);
    const s = c.calculateScores();
    return [s.base, has(v, kV3Temporal) ? s.temporal : undefined,
            has(v, kV3Env) ? s.environmental : undefined, undefined].map(fmt).join(',');
  } catch (e) {
    return '!';
  }
}

function pdScores(v) {
  try {
    if (v.startsWith('CVSS:4.0/')) {
      const base = new CVSS40(v4Base(v)).Score();
      const full = has(v, kV4Optional) ? new CVSS40(v).Score() : undefined;
      return [base, undefined, undefined, full].map(fmt).join(',');
    }
    const c = v.startsWith('CVSS:3.1/') ? new CVSS31(v) : new CVSS30(v);
    return [c.BaseScore(), has(v, kV3Temporal) ? c.TemporalScore() : undefined,
            has(v, kV3Env) ? c.EnvironmentalScore() : undefined, undefined].map(fmt).join(',');
  } catch (e) {
    return '!';
  }
}

const out = [];
for await (const line of readline.createInterface({ input: process.stdin })) {
  const v = line.trim();
  if (v === '') continue;
  out.push(`${v}\tae:${aeScores(v)}\tpd:${pdScores(v)}`);
  if (out.length >= 1000) process.stdout.write(out.splice(0).join('\n') + '\n');
}
if (out.length) process.stdout.write(out.join('\n') + '\n');
