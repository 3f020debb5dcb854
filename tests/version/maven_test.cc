// SPDX-License-Identifier: Apache-2.0
//
// Maven specifics beyond the fixture file: the rejections upkeep adds to ComparableVersion, the
// ecosystem name, and inputs too long or too deep for a fixture line (the comparison builds no
// lists, so neither length nor nesting may cost stack or heap).
#include <gtest/gtest.h>

#include <string>

#include "upkeep/version.h"

namespace upkeep::version {
namespace {

const Scheme& maven() {
  return *find_scheme("maven");
}

void expect_error(std::string_view v, std::string_view what) {
  const Status s = maven().validate(v);
  ASSERT_FALSE(s.is_ok()) << v;
  EXPECT_NE(s.message().find(what), std::string::npos) << s.message();
}

std::strong_ordering cmp(std::string_view a, std::string_view b) {
  auto r = maven().try_compare(a, b);
  EXPECT_TRUE(r.has_value()) << a << " vs " << b;
  return r.value_or(std::strong_ordering::equal);
}

TEST(Maven, OsvEcosystemName) {
  EXPECT_EQ(find_scheme("Maven"), &maven());
  EXPECT_EQ(find_scheme("maven"), &maven());
}

TEST(Maven, ErrorMessagesSayWhatIsWrong) {
  expect_error("", "version string is empty");
  expect_error(std::string_view("1.0\0", 4), "control byte");
  expect_error("1.0\r", "control byte");
  expect_error("1.0 final", "space");
  expect_error("1.\xc3\xa9", "non-ASCII");
  expect_error("1.\xd9\xa1", "non-ASCII");  // ARABIC-INDIC DIGIT ONE: a digit to Java
  expect_error("1.0/2", "forbids");
  expect_error("${project.version}:x", "forbids");
}

TEST(Maven, MessageQuotesAndEscapesTheVersion) {
  const Status s = maven().validate(std::string_view("1.0\x01", 4));
  ASSERT_FALSE(s.is_ok());
  EXPECT_EQ(s.message(), "invalid maven version \"1.0\\x01\": control byte in version");
}

TEST(Maven, PunctuationOutsideTheBannedSetIsValid) {
  // ComparableVersion reads any other character as part of a qualifier; so does upkeep.
  for (std::string_view v : {"1.0+build", "1_0", "1.0~rc", "[1.0,2.0)", "${revision}", "1@2"}) {
    EXPECT_TRUE(maven().validate(v).is_ok()) << v;
  }
}

TEST(Maven, ViewsNeedNoTerminator) {
  const std::string buf = "1.0-SNAPSHOT";
  EXPECT_EQ(cmp(std::string_view(buf).substr(0, 3), "1"), std::strong_ordering::equal);
  EXPECT_EQ(cmp(std::string_view(buf).substr(0, 5), "1-s"), std::strong_ordering::equal);
}

TEST(Maven, AnswerDoesNotDependOnTheNumberOfItems) {
  // Short and long versions take different paths through the comparison (a prefix of dotted
  // numbers, items lexed into a fixed array, items lexed one by one); every length must agree.
  std::string zeros;
  for (int n = 0; n < 100; ++n, zeros += ".0") {
    EXPECT_EQ(cmp("1" + zeros, "1"), std::strong_ordering::equal) << n;
    EXPECT_EQ(cmp("1" + zeros + ".1", "1"), std::strong_ordering::greater) << n;
    EXPECT_EQ(cmp("1" + zeros + "-alpha", "1"), std::strong_ordering::less) << n;
    EXPECT_EQ(cmp("a" + zeros + ".1", "a"), std::strong_ordering::greater) << n;
    EXPECT_EQ(cmp("a" + zeros + ".1", "a" + zeros + ".2"), std::strong_ordering::less) << n;
  }
}

TEST(Maven, HugeNumbersCompareByValue) {
  const std::string big(500, '9');
  const std::string bigger = "1" + std::string(500, '0');
  EXPECT_EQ(cmp("1." + big, "1." + bigger), std::strong_ordering::less);
  EXPECT_EQ(cmp("1." + std::string(300, '0') + big, "1." + big), std::strong_ordering::equal);
  // Zeros alone keep their written length as the item class (a quirk of stripLeadingZeroes).
  EXPECT_EQ(cmp("1." + std::string(30, '0') + ".1", "1." + big + ".1"), std::strong_ordering::less);
  EXPECT_EQ(cmp("1." + std::string(30, '0') + ".1", "1.5.1"), std::strong_ordering::greater);
}

TEST(Maven, DeepNestingCostsNoStack) {
  // "a1" repeated opens two sub-lists per repetition; the reference recurses that deep.
  std::string deep;
  for (int i = 0; i < 20000; ++i)
    deep += "a1";
  EXPECT_EQ(cmp(deep, deep), std::strong_ordering::equal);
  EXPECT_EQ(cmp(deep + ".1", deep), std::strong_ordering::greater);
  EXPECT_EQ(cmp(deep + "a2", deep), std::strong_ordering::less);  // alpha-2 of it
  EXPECT_EQ(cmp(deep + "-0.0.0", deep), std::strong_ordering::equal);
  EXPECT_EQ(cmp(deep + "-rc", deep), std::strong_ordering::less);
}

TEST(Maven, LongRunsOfNullsStayLinear) {
  // Every trailing-null decision looks ahead; runs of zeros must not make that quadratic.
  std::string zeros;
  for (int i = 0; i < 50000; ++i)
    zeros += "0.";
  EXPECT_EQ(cmp("1." + zeros + "1", "1." + zeros + "2"), std::strong_ordering::less);
  EXPECT_EQ(cmp("1." + zeros, "1"), std::strong_ordering::equal);
  EXPECT_EQ(cmp("1-" + zeros + "ga", "1"), std::strong_ordering::equal);
}

TEST(Maven, ReproducesTheReferenceCycle) {
  // ComparableVersion is not a total order: a sub-list sorts above a qualifier, but "nothing" sorts
  // above a sub-list that starts with a pre-release qualifier and below an unknown qualifier. Maven
  // answers these three comparisons this way, so upkeep does too (properties_test.cc exempts maven
  // from the transitivity law for this reason).
  EXPECT_EQ(cmp("31.1-jre", "31.1"), std::strong_ordering::greater);
  EXPECT_EQ(cmp("31.1", "31.1-0.alpha"), std::strong_ordering::greater);
  EXPECT_EQ(cmp("31.1-jre", "31.1-0.alpha"), std::strong_ordering::less);
  EXPECT_EQ(cmp("1.sp.1", "1"), std::strong_ordering::greater);
  EXPECT_EQ(cmp("1", "1-alpha"), std::strong_ordering::greater);
  EXPECT_EQ(cmp("1.sp.1", "1-alpha"), std::strong_ordering::less);
}

}  // namespace
}  // namespace upkeep::version
