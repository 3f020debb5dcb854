// SPDX-License-Identifier: Apache-2.0
//
// Alpine specifics beyond the fixture file. No apk-tools can be installed on the development
// machines, so the reference is apk-tools' own unit-test data (test/unit/version.data, kept in
// ../shared/data/versions/apk-tools-version.data), asserted line by line in its own notation.
#include <gtest/gtest.h>

#include <cstdlib>
#include <fstream>
#include <set>
#include <string>
#include <vector>

#include "upkeep/version.h"
#include "version/schemes.h"

namespace upkeep::version {
namespace {

const Scheme& apk() {
  return *find_scheme("apk");
}

std::string shared_data_dir() {
  if (const char* env = std::getenv("UPKEEP_SHARED_DATA"); env != nullptr && *env != '\0') {
    return env;
  }
  return UPKEEP_SHARED_DATA_DIR;
}

std::vector<std::string> split_blanks(const std::string& s) {
  std::vector<std::string> out;
  size_t i = 0;
  while (i < s.size()) {
    while (i < s.size() && (s[i] == ' ' || s[i] == '\t'))
      ++i;
    size_t j = i;
    while (j < s.size() && s[j] != ' ' && s[j] != '\t')
      ++j;
    if (j > i) out.push_back(s.substr(i, j - i));
    i = j;
  }
  return out;
}

// apk's result masks (APK_VERSION_LESS, _EQUAL, _GREATER, _FUZZY).
constexpr int kLess = 1;
constexpr int kEqual = 2;
constexpr int kGreater = 4;
constexpr int kFuzzy = 8;

int mask_of(std::strong_ordering o) {
  return o < 0 ? kLess : (o > 0 ? kGreater : kEqual);
}

// Versions in comparison lines of the data that apk_version_validate() itself rejects: apk still
// compares them (up to the first bad token), upkeep says they are invalid, as its contract allows.
const std::set<std::string> kInvalidInComparisons = {
    "23_foo",       // "23_foo > 4_beta": _foo is no apk suffix; apk decides at 23 > 4
    "1.0bc",        // "1.0 < 1.0bc  # invalid. do string sort": two letters
    "3.6.9_post1",  // "3.6.9_post1 ~ 3.6" and "!~ 3.8": _post is no apk suffix
};

// Each line is, as apk-tools' version test reads it (comments after '#'):
//   V          V is valid              !V         V is invalid
//   A OP B     apk_version_match(A, OP, B)        A !OP B    the negation
// where OP is made of < > = and ~ (fuzzy: B matches a prefix of A's components).
TEST(Apk, AgreesWithApkToolsTestData) {
  const std::string path = shared_data_dir() + "/versions/apk-tools-version.data";
  std::ifstream in(path);
  if (!in) GTEST_SKIP() << path << " not found (set UPKEEP_SHARED_DATA)";

  std::string line;
  int lineno = 0;
  int checked = 0;
  int invalid_answers = 0;
  while (std::getline(in, line)) {
    ++lineno;
    SCOPED_TRACE(path + ":" + std::to_string(lineno) + ": " + line);
    const auto fields = split_blanks(line.substr(0, line.find('#')));
    if (fields.empty()) continue;
    ++checked;
    if (fields.size() == 1) {
      std::string v = fields[0];
      const bool invert = !v.empty() && v[0] == '!';
      if (invert) v.erase(0, 1);
      const Status s = apk().validate(v);
      EXPECT_EQ(s.is_ok(), !invert) << s.to_string();
      continue;
    }
    ASSERT_EQ(fields.size(), 3u) << "malformed line";
    const std::string& a = fields[0];
    std::string op = fields[1];
    const std::string& b = fields[2];
    const bool invert = op[0] == '!';
    if (invert) op.erase(0, 1);
    int mask = 0;
    for (char c : op) {
      if (c == '<') mask |= kLess;
      if (c == '>') mask |= kGreater;
      if (c == '=') mask |= kEqual;
      if (c == '~') mask |= kFuzzy | kEqual;
    }
    ASSERT_NE(mask, 0) << "unknown operator " << op;
    const auto order = (mask & kFuzzy) != 0 ? apk_fuzzy_compare(a, b) : apk().try_compare(a, b);
    if (!order) {
      ++invalid_answers;
      const bool a_listed = kInvalidInComparisons.contains(a) && !apk().is_valid(a);
      const bool b_listed = kInvalidInComparisons.contains(b) && !apk().is_valid(b);
      EXPECT_TRUE(a_listed || b_listed) << "upkeep rejects a version apk accepts";
      continue;
    }
    // apk_version_match(): the comparison's result bit must be in the operator's mask.
    bool ok = (mask_of(*order) & mask) != 0;
    if (invert) ok = !ok;
    EXPECT_TRUE(ok) << "upkeep: " << a << " "
                    << "<=>"[mask_of(*order) >> 1] << " " << b;
    // Plain comparisons must also hold the other way round.
    if ((mask & kFuzzy) == 0) {
      const auto back = apk().try_compare(b, a);
      ASSERT_TRUE(back.has_value());
      EXPECT_EQ(*back, 0 <=> *order);
    }
  }
  EXPECT_GE(checked, 700) << "fewer lines than apk-tools' data has: wrong file?";
  EXPECT_EQ(invalid_answers, 4);  // the lines of the versions above, no others
}

TEST(Apk, OsvEcosystemsUseTheApkScheme) {
  for (const char* eco :
       {"Alpine", "Alpine:v3.19", "alpine:v3.22", "Wolfi", "Chainguard", "MinimOS"}) {
    EXPECT_EQ(find_scheme(eco), &apk()) << eco;
  }
}

void expect_error(std::string_view v, std::string_view what) {
  const Status s = apk().validate(v);
  ASSERT_FALSE(s.is_ok()) << v;
  EXPECT_NE(s.message().find(what), std::string::npos) << s.message();
}

TEST(Apk, ErrorMessagesNameWhatIsWrong) {
  expect_error("", "version string is empty");
  expect_error("v1.0", "does not start with a digit");
  expect_error("1.0.", "'.' is not followed by a number");
  expect_error("1.0bc", "a letter may only follow a number");
  expect_error("1.0a1", "a number may not follow a letter");
  expect_error("1.0_p1.2", "'.' after a letter, suffix, hash or revision");
  expect_error("1.0_post1", "unknown suffix");
  expect_error("1.0_", "unknown suffix");
  expect_error("1.0-r1_p1", "suffix after a commit hash or revision");
  expect_error("1.0~", "commit hash after '~' is empty");
  expect_error("1.0~12g4", "commit hash after '~' is not lowercase hex");
  expect_error("1.0~12AB", "commit hash after '~' is not lowercase hex");
  expect_error("1.0~ab~cd", "'~' after a commit hash or revision");
  expect_error("1.0-1", "'-' is not followed by a revision -rN");
  expect_error("1.0-r", "revision -r has no number");
  expect_error("1.0-r1-r2", "more than one revision");
  expect_error("1.0+1", "invalid character");
  expect_error("18446744073709551616", "number does not fit in 64 bits");
}

TEST(Apk, NumbersUpTo64Bits) {
  // The largest number apk can hold compares exactly; leading zeros don't count against it.
  EXPECT_EQ(*apk().try_compare("18446744073709551615", "18446744073709551614"),
            std::strong_ordering::greater);
  EXPECT_EQ(*apk().try_compare("000018446744073709551615", "18446744073709551615"),
            std::strong_ordering::equal);
  // A dot-number with a leading zero always compares as a string, so its length is harmless.
  const std::string zeros = "1.0" + std::string(300, '9');
  EXPECT_EQ(*apk().try_compare(zeros, "1.1"), std::strong_ordering::less);
  EXPECT_FALSE(apk().is_valid("1." + std::string(300, '9')));
}

TEST(Apk, FuzzyComparisonMatchesPrefixes) {
  EXPECT_EQ(*apk_fuzzy_compare("3.6.9", "3.6"), std::strong_ordering::equal);
  EXPECT_EQ(*apk_fuzzy_compare("3.6_rc1", "3.6"), std::strong_ordering::equal);
  EXPECT_EQ(*apk_fuzzy_compare("3.60", "3.6"), std::strong_ordering::greater);
  EXPECT_EQ(*apk_fuzzy_compare("3.6", "3.6.1"), std::strong_ordering::less);
  EXPECT_FALSE(apk_fuzzy_compare("3.6", "x").has_value());
}

TEST(Apk, ViewsNeedNoTerminator) {
  const std::string buf = "1.0-r19999";
  EXPECT_EQ(*apk().try_compare(std::string_view(buf).substr(0, 6), "1.0-r1"),
            std::strong_ordering::equal);
  EXPECT_EQ(*apk().try_compare(std::string_view(buf).substr(0, 3), "1.0"),
            std::strong_ordering::equal);
}

}  // namespace
}  // namespace upkeep::version
