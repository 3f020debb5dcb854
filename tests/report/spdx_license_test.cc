// SPDX-License-Identifier: Apache-2.0
#include "report/spdx_license.h"

#include <gtest/gtest.h>

#include <string>

#include "report/sha1.h"

namespace upkeep::report::detail {
namespace {

std::string canonical(std::string_view text) {
  auto r = parse_spdx_license(text);
  return r ? r->expression : "(invalid)";
}

TEST(SpdxLicense, SingleIdentifiers) {
  auto mit = parse_spdx_license("MIT");
  ASSERT_TRUE(mit);
  EXPECT_TRUE(mit->single_id);
  EXPECT_TRUE(mit->cyclonedx_id);
  EXPECT_EQ(canonical("apache-2.0"), "Apache-2.0");  // matched case-insensitively
  EXPECT_EQ(canonical("GPL-2.0"), "GPL-2.0");        // deprecated ids stay valid
  EXPECT_EQ(canonical("GPL-2.0+"), "GPL-2.0+");
  EXPECT_FALSE(parse_spdx_license("GPL-2.0+")->single_id);
  EXPECT_EQ(canonical("LicenseRef-my-license.1"), "LicenseRef-my-license.1");
  EXPECT_EQ(canonical("DocumentRef-spdx-tool-1.2:LicenseRef-MIT-Style-2"),
            "DocumentRef-spdx-tool-1.2:LicenseRef-MIT-Style-2");
  EXPECT_FALSE(parse_spdx_license("LicenseRef-x")->single_id);
}

TEST(SpdxLicense, CompoundExpressions) {
  EXPECT_EQ(canonical("MIT OR Apache-2.0"), "MIT OR Apache-2.0");
  EXPECT_EQ(canonical("  (mit  OR apache-2.0)AND bsd-3-clause "),
            "(MIT OR Apache-2.0) AND BSD-3-Clause");
  EXPECT_EQ(canonical("GPL-2.0-or-later WITH classpath-exception-2.0"),
            "GPL-2.0-or-later WITH Classpath-exception-2.0");
  EXPECT_EQ(canonical("((MIT))"), "((MIT))");
  EXPECT_FALSE(parse_spdx_license("MIT OR Apache-2.0")->single_id);
}

TEST(SpdxLicense, NotExpressions) {
  for (std::string_view text : {"",
                                "   ",
                                "BSD",
                                "Apache 2.0",
                                "MIT or Apache-2.0",
                                "MIT OR",
                                "OR MIT",
                                "(MIT",
                                "MIT)",
                                "MIT WITH MIT",
                                "Classpath-exception-2.0",
                                "MIT AND AND BSD-3-Clause",
                                "LicenseRef-",
                                "LicenseRef-a b",
                                "DocumentRef-x:MIT",
                                "GPL-2.0++",
                                "MIT\"",
                                "MIT; BSD",
                                "()",
                                "\xff"}) {
    EXPECT_FALSE(parse_spdx_license(text)) << text;
  }
}

TEST(SpdxLicense, DeepNestingIsRefusedNotOverflowed) {
  std::string deep(100000, '(');
  deep += "MIT" + std::string(100000, ')');
  EXPECT_FALSE(parse_spdx_license(deep));
  std::string ok(32, '(');
  ok += "MIT" + std::string(32, ')');
  EXPECT_TRUE(parse_spdx_license(ok));
}

TEST(SpdxLicense, NewIdentifiersAreNotCycloneDxIds) {
  // On the SPDX list after the CycloneDX 1.6 schema's enum was made: an expression there.
  auto r = parse_spdx_license("BSD-Source-Code-no-disclaimer");
  ASSERT_TRUE(r);
  EXPECT_TRUE(r->single_id);
  EXPECT_FALSE(r->cyclonedx_id);
}

TEST(Sha1, KnownVectors) {
  EXPECT_EQ(sha1_hex(""), "da39a3ee5e6b4b0d3255bfef95601890afd80709");
  EXPECT_EQ(sha1_hex("abc"), "a9993e364706816aba3e25717850c26c9cd0d89d");
  EXPECT_EQ(sha1_hex("abcdbcdecdefdefgefghfghighijhijkijkljklmklmnlmnomnopnopq"),
            "84983e441c3bd26ebaae4aa1f95129e5e54670f1");
  EXPECT_EQ(sha1_hex(std::string(1000000, 'a')), "34aa973cd4c4daa4f61eeb2bdbad27316534016f");
  Sha1 pieces;  // the same, fed in uneven pieces
  for (int i = 0; i < 1000; ++i)
    pieces.update(std::string(i % 2 ? 999 : 1001, 'a'));
  const auto d = pieces.finish();
  EXPECT_EQ(d[0], 0x34);
  EXPECT_EQ(d[19], 0x6f);
}

TEST(Sha1, UuidVersion5) {
  // Python: uuid.uuid5(uuid.NAMESPACE_DNS, "python.org")
  const std::array<uint8_t, 16> dns = {0x6b, 0xa7, 0xb8, 0x10, 0x9d, 0xad, 0x11, 0xd1,
                                       0x80, 0xb4, 0x00, 0xc0, 0x4f, 0xd4, 0x30, 0xc8};
  EXPECT_EQ(uuid_v5(dns, "python.org"), "886313e1-3b8a-5372-9b90-0c9aee199e5d");
}

}  // namespace
}  // namespace upkeep::report::detail
