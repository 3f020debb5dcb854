// SPDX-License-Identifier: Apache-2.0
//
// Enrichment: what the advisory store knows about a finding beyond "it affects this version":
// severity (CVSS base scores computed from the records' vectors with our own calculator, else the
// ecosystem's own label), CISA KEV (known exploited, due date) and EPSS (likelihood).
#pragma once

#include <cstddef>
#include <vector>

#include "upkeep/advisory_store.h"
#include "upkeep/match.h"

namespace upkeep::advisory {

struct EnrichStats {
  size_t scored = 0;           // findings given a CVSS score
  size_t labelled = 0;         // findings rated from a label only
  size_t kev = 0;              // findings in KEV
  size_t epss = 0;             // findings with an EPSS score
  size_t invalid_vectors = 0;  // vectors our calculator refused (the record keeps its label)
};

// For each finding:
//   - severity: the highest CVSS v3.x/v4.0 base score among the vectors of its records (record
//     level and affected-entry level), with that vector; when none of its own records has one,
//     the records that share one of its ids (a CVE found by the Debian archive meets the GHSA
//     record of that CVE); else the highest rating among the records' own labels. A rating
//     already set (the Debian tracker's urgency) is kept unless a score is found.
//   - KEV: any of its CVE ids in the catalogue (kev, kev_due_date: the earliest due date).
//   - EPSS: the highest score among its CVE ids, with that score's percentile.
// Store errors leave the finding as it was (enrichment is best effort; the scan goes on).
EnrichStats enrich_findings(std::vector<match::Finding>& findings, const Store& store);

}  // namespace upkeep::advisory
