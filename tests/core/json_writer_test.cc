// SPDX-License-Identifier: Apache-2.0
#include "upkeep/json_writer.h"

#include <gtest/gtest.h>

#include <cstdint>
#include <limits>
#include <string>

#include "inventory/formats/json.h"
#include "upkeep/utf8.h"

namespace upkeep {
namespace {

std::string json_quote(std::string_view s) {
  std::string out;
  JsonWriter::append_string(out, s);
  return out;
}

// Whatever the writer produced is JSON (checked with the inventory's own validator).
void expect_valid_json(const std::string& text) {
  auto error = inventory::formats::find_json_error(text, 1024);
  EXPECT_FALSE(error.has_value()) << text << "\n" << (error ? error->message : "");
  EXPECT_TRUE(is_valid_utf8(text)) << text;
}

TEST(JsonWriter, EscapesWhatJsonRequires) {
  EXPECT_EQ(json_quote(""), R"("")");
  EXPECT_EQ(json_quote("plain"), R"("plain")");
  EXPECT_EQ(json_quote("a\"b"), R"("a\"b")");
  EXPECT_EQ(json_quote("a\\b"), R"("a\\b")");
  EXPECT_EQ(json_quote("a/b"), R"("a/b")");  // '/' may stay
  EXPECT_EQ(json_quote("\n\r\t"), R"("\n\r\t")");
  EXPECT_EQ(json_quote("\b\f"), R"("\u0008\u000c")");
  EXPECT_EQ(json_quote(std::string("\0\x01\x1f", 3)), R"("\u0000\u0001\u001f")");
  EXPECT_EQ(json_quote("\x7f"), R"("\u007f")");
  EXPECT_EQ(json_quote(" ~"), R"(" ~")");
}

TEST(JsonWriter, KeepsValidUtf8) {
  EXPECT_EQ(json_quote("caf\xC3\xA9"), "\"caf\xC3\xA9\"");            // 2 bytes
  EXPECT_EQ(json_quote("\xE2\x82\xAC"), "\"\xE2\x82\xAC\"");          // 3 bytes
  EXPECT_EQ(json_quote("\xF0\x9F\x98\x80"), "\"\xF0\x9F\x98\x80\"");  // 4 bytes
  EXPECT_EQ(json_quote("\xE2\x80\xA8"), "\"\xE2\x80\xA8\"");          // U+2028 is valid JSON
  EXPECT_EQ(json_quote("\xF4\x8F\xBF\xBF"), "\"\xF4\x8F\xBF\xBF\"");  // U+10FFFF
  EXPECT_EQ(json_quote("\xEF\xBF\xBD"), "\"\xEF\xBF\xBD\"");          // U+FFFD itself
}

TEST(JsonWriter, ReplacesInvalidUtf8) {
  const std::string kReplacement = "\xEF\xBF\xBD";
  // Each byte that does not start a well-formed sequence becomes one U+FFFD.
  EXPECT_EQ(json_quote("a\x80z"), "\"a" + kReplacement + "z\"");  // lone continuation
  EXPECT_EQ(json_quote("\xC3"), "\"" + kReplacement + "\"");      // truncated at the end
  EXPECT_EQ(json_quote("\xC3("), "\"" + kReplacement + "(\"");    // bad continuation
  EXPECT_EQ(json_quote("\xC0\x80"), "\"" + kReplacement + kReplacement + "\"");  // overlong NUL
  EXPECT_EQ(json_quote("\xE0\x80\xAF"), "\"" + kReplacement + kReplacement + kReplacement + "\"");
  EXPECT_EQ(json_quote("\xED\xA0\x80"), "\"" + kReplacement + kReplacement + kReplacement + "\"");
  EXPECT_EQ(json_quote("\xE2\x82"), "\"" + kReplacement + kReplacement + "\"");  // truncated
  EXPECT_EQ(json_quote("\xF4\x90\x80\x80"),
            "\"" + kReplacement + kReplacement + kReplacement + kReplacement + "\"");
  EXPECT_EQ(json_quote("\xF5\x80"), "\"" + kReplacement + kReplacement + "\"");
  EXPECT_EQ(json_quote("\xFF"), "\"" + kReplacement + "\"");
  // The valid part after an invalid byte is kept.
  EXPECT_EQ(json_quote("\xFF\xC3\xA9"), "\"" + kReplacement + "\xC3\xA9\"");
  for (int b = 0x80; b <= 0xFF; ++b) {
    const std::string out = json_quote(std::string(1, static_cast<char>(b)));
    EXPECT_TRUE(is_valid_utf8(out)) << b;
  }
}

TEST(JsonWriter, IndentedNesting) {
  std::string out;
  JsonWriter w(out);
  w.begin_object();
  w.field("name", "upkeep").field("count", 3).field("ok", true);
  w.key("list").begin_array().value("a").value(int64_t{-1}).null().end_array();
  w.key("empty_object").begin_object().end_object();
  w.key("empty_array").begin_array().end_array();
  w.key("nested").begin_object().key("inner").begin_array().begin_object().field("k", "v");
  w.end_object().end_array().end_object();
  w.end_object();
  EXPECT_EQ(out, R"({
  "name": "upkeep",
  "count": 3,
  "ok": true,
  "list": [
    "a",
    -1,
    null
  ],
  "empty_object": {},
  "empty_array": [],
  "nested": {
    "inner": [
      {
        "k": "v"
      }
    ]
  }
}
)");
  expect_valid_json(out);
}

TEST(JsonWriter, Compact) {
  std::string out;
  JsonWriter w(out, 0);
  w.begin_object();
  w.field("a", 1).key("b").begin_array().value(false).begin_object().end_object().end_array();
  w.key("c").begin_object().field("d", "e").end_object();
  w.end_object();
  EXPECT_EQ(out, R"({"a":1,"b":[false,{}],"c":{"d":"e"}})");
  expect_valid_json(out);
}

TEST(JsonWriter, TopLevelValuesAndArrays) {
  std::string out;
  JsonWriter(out, 0).value("x");
  EXPECT_EQ(out, R"("x")");
  out.clear();
  JsonWriter w(out, 2);
  w.begin_array().end_array();
  EXPECT_EQ(out, "[]\n");
  out.clear();
  JsonWriter(out, 4).begin_array().value(1).begin_array().value(2).end_array().end_array();
  EXPECT_EQ(out, "[\n    1,\n    [\n        2\n    ]\n]\n");
  expect_valid_json(out);
}

TEST(JsonWriter, Numbers) {
  std::string out;
  JsonWriter w(out, 0);
  w.begin_array();
  w.value(std::numeric_limits<int64_t>::min()).value(std::numeric_limits<int64_t>::max());
  w.value(std::numeric_limits<uint64_t>::max()).value(0);
  w.value(0.1).value(1.5).value(-0.0).value(1e21).value(2.5e-8);
  w.value(std::numeric_limits<double>::quiet_NaN()).value(std::numeric_limits<double>::infinity());
  w.value(-std::numeric_limits<double>::infinity());
  w.end_array();
  EXPECT_EQ(out,
            "[-9223372036854775808,9223372036854775807,18446744073709551615,0,0.1,1.5,-0,1e+21,"
            "2.5e-08,null,null,null]");
  expect_valid_json(out);
}

TEST(JsonWriter, KeysAreEscapedToo) {
  std::string out;
  JsonWriter w(out, 0);
  w.begin_object().field("a\"\n\xFF", "v").end_object();
  EXPECT_EQ(out, "{\"a\\\"\\n\xEF\xBF\xBD\":\"v\"}");
  expect_valid_json(out);
}

TEST(JsonWriter, AppendsToWhatIsThere) {
  std::string out = "prefix ";
  JsonWriter(out, 0).begin_object().end_object();
  EXPECT_EQ(out, "prefix {}");
}

TEST(JsonWriter, DeepNesting) {
  std::string out;
  JsonWriter w(out, 1);
  for (int i = 0; i < 500; ++i)
    w.begin_array();
  for (int i = 0; i < 500; ++i)
    w.end_array();
  expect_valid_json(out);
  EXPECT_EQ(out.substr(0, 4), "[\n [");
}

}  // namespace
}  // namespace upkeep
