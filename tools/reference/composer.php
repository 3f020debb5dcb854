<?php
// SPDX-License-Identifier: Apache-2.0
//
// Reference for the composer scheme: composer/semver's own VersionParser and Comparator (Debian
// php-composer-semver). Reads "A<TAB>B" lines and prints < = > per line, or ! when normalize()
// throws for either side (or a line is not two tab-separated fields).
//
// Comparator does not normalise: Composer compares normalised versions (a package's getVersion(),
// Semver::satisfies(), constraints from parseConstraints()), so each side is normalised first and
// the normalised strings go to Comparator::compare, which is version_compare() plus the handling
// of dev- branches.
require '/usr/share/php/Composer/Semver/autoload.php';

use Composer\Semver\Comparator;
use Composer\Semver\VersionParser;

$parser = new VersionParser();

function normalized(VersionParser $parser, string $v): ?string
{
    if ($v === '') {
        return null; // every harness answers ! for an empty version
    }
    try {
        $n = $parser->normalize($v);
    } catch (\UnexpectedValueException $e) {
        return null;
    }
    // upkeep is deliberately stricter than Composer in two places (src/version/composer.cc):
    // - branches (dev-*): Comparator gives two different branches no order at all (neither <, ==
    //   nor >), so they cannot be part of a total order;
    // - numbers above PHP_INT_MAX: version_compare() reads them with strtol(), which saturates,
    //   so different versions would compare equal.
    if (strncmp($n, 'dev-', 4) === 0) {
        return null;
    }
    if (preg_match_all('{\d+}', $n, $m)) {
        foreach ($m[0] as $digits) {
            $digits = ltrim($digits, '0');
            if (strlen($digits) > 19 || (strlen($digits) === 19 && strcmp($digits, '9223372036854775807') > 0)) {
                return null;
            }
        }
    }
    return $n;
}

$in = fopen('php://stdin', 'rb');
$out = fopen('php://stdout', 'wb');
while (($line = fgets($in)) !== false) {
    if (substr($line, -1) === "\n") {
        $line = substr($line, 0, -1);
    }
    if (substr($line, -1) === "\r") {
        $line = substr($line, 0, -1); // the CLI drops a final CR as well
    }
    $fields = explode("\t", $line);
    $a = count($fields) === 2 ? normalized($parser, $fields[0]) : null;
    $b = count($fields) === 2 ? normalized($parser, $fields[1]) : null;
    if ($a === null || $b === null) {
        fwrite($out, "!\n");
        continue;
    }
    $lt = Comparator::compare($a, '<', $b);
    $eq = Comparator::compare($a, '==', $b);
    $gt = Comparator::compare($a, '>', $b);
    if ((int) $lt + (int) $eq + (int) $gt !== 1) {
        fwrite($out, "?\n"); // no single answer: never expected for non-branch versions
        continue;
    }
    fwrite($out, $lt ? "<\n" : ($eq ? "=\n" : ">\n"));
}
