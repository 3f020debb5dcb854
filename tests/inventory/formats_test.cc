// SPDX-License-Identifier: Apache-2.0
//
// The parsers under the extractors: where a JSON error is (and that our locator agrees with
// simdjson), the nesting guards of JSON and YAML, TOML and XML errors with their lines, and the
// real lockfiles of ../shared/data read without a false alarm.
#include <gtest/gtest.h>

#include <cctype>
#include <cstdint>
#include <filesystem>
#include <limits>
#include <sstream>
#include <string>
#include <vector>

#include "inventory/formats/json.h"
#include "inventory/formats/parse_error.h"
#include "inventory/formats/toml.h"
#include "inventory/formats/xml.h"
#include "inventory/formats/yaml.h"
#include "support/inventory_testing.h"
#include "upkeep/fs.h"
#include "upkeep/inventory.h"

namespace upkeep::inventory::formats {
namespace {

using upkeep::testing::read_host_file;
using upkeep::testing::shared_data_dir;

std::string fixture(const std::string& name) {
  return UPKEEP_FIXTURE_DIR "/formats/" + name;
}

// "\xHH" stands for any byte; everything else is literal.
std::string decode_bytes(std::string_view s) {
  std::string out;
  for (size_t i = 0; i < s.size(); ++i) {
    auto hex = [](char c) {
      return c >= '0' && c <= '9' ? c - '0' : c >= 'a' && c <= 'f' ? c - 'a' + 10 : c - 'A' + 10;
    };
    if (s[i] == '\\' && i + 3 < s.size() && s[i + 1] == 'x' &&
        std::isxdigit(static_cast<unsigned char>(s[i + 2])) &&
        std::isxdigit(static_cast<unsigned char>(s[i + 3]))) {
      out += static_cast<char>(hex(s[i + 2]) * 16 + hex(s[i + 3]));
      i += 3;
    } else {
      out += s[i];
    }
  }
  return out;
}

struct JsonCase {
  int line = 0;
  bool valid = false;
  uint64_t offset = 0;
  uint64_t error_line = 0, error_column = 0;  // 0: not given
  std::string message;
  std::string input;
};

std::vector<JsonCase> load_json_cases() {
  std::vector<JsonCase> out;
  std::istringstream in(read_host_file(fixture("json-errors.txt")));
  std::string line;
  int n = 0;
  while (std::getline(in, line)) {
    ++n;
    if (line.empty() || line[0] == '#') continue;
    const size_t bar1 = line.find('|');
    const size_t bar2 = bar1 == std::string::npos ? bar1 : line.find('|', bar1 + 1);
    if (bar2 == std::string::npos) {
      ADD_FAILURE() << "json-errors.txt:" << n << ": malformed line";
      continue;
    }
    JsonCase c;
    c.line = n;
    const std::string where = line.substr(0, bar1);
    c.valid = where.starts_with("ok");
    if (!c.valid) {
      c.offset = std::stoull(where);
      if (const size_t at = where.find('@'); at != std::string::npos) {
        c.error_line = std::stoull(where.substr(at + 1));
        c.error_column = std::stoull(where.substr(where.find(':', at) + 1));
      }
    }
    c.message = line.substr(bar1 + 1, bar2 - bar1 - 1);
    c.message = c.message.substr(c.message.find_first_not_of(' ') == std::string::npos
                                     ? c.message.size()
                                     : c.message.find_first_not_of(' '));
    while (!c.message.empty() && c.message.back() == ' ')
      c.message.pop_back();
    std::string input = line.substr(bar2 + 1);
    if (!input.empty() && input[0] == ' ') input.erase(0, 1);
    c.input = decode_bytes(input);
    out.push_back(std::move(c));
  }
  return out;
}

bool simdjson_accepts(const std::string& text, size_t max_depth) {
  simdjson::dom::parser parser;
  if (parser.allocate(std::max<size_t>(text.size(), 64), max_depth)) return false;
  return parser.parse(text).error() == simdjson::SUCCESS;
}

TEST(JsonLocator, FixtureCases) {
  const auto cases = load_json_cases();
  ASSERT_GT(cases.size(), 100u);
  for (const JsonCase& c : cases) {
    SCOPED_TRACE("json-errors.txt:" + std::to_string(c.line));
    const auto error = find_json_error(c.input, 1024);
    // simdjson, the parser extractors use, must agree with the locator on every case.
    EXPECT_EQ(simdjson_accepts(c.input, 1024), c.valid);
    JsonDocument doc;
    const auto doc_error = doc.parse(c.input, 1024);
    if (c.valid) {
      EXPECT_FALSE(error.has_value()) << error->message << " at " << error->offset;
      EXPECT_FALSE(doc_error.has_value()) << doc_error->message;
      continue;
    }
    ASSERT_TRUE(error.has_value());
    EXPECT_EQ(error->offset, c.offset) << error->message;
    EXPECT_NE(error->message.find(c.message), std::string::npos) << error->message;
    if (c.error_line > 0) {
      EXPECT_EQ(error->line, c.error_line);
      EXPECT_EQ(error->column, c.error_column);
    }
    // JsonDocument reports the locator's error (it skips a byte order mark, though).
    if (c.input.starts_with("\xEF\xBB\xBF")) continue;
    ASSERT_TRUE(doc_error.has_value());
    EXPECT_EQ(doc_error->offset, error->offset);
    EXPECT_EQ(doc_error->message, error->message);
  }
}

TEST(JsonLocator, LineAndColumnFromTheOffset) {
  const std::string text = "{\n  \"a\": 1,\r\n  \"b\" 2\n}";
  const auto error = find_json_error(text, 64);
  ASSERT_TRUE(error.has_value());
  EXPECT_EQ(error->offset, text.find(" 2") + 1);
  EXPECT_EQ(error->line, 3u);
  EXPECT_EQ(error->column, 7u);
  EXPECT_NE(error->message.find("expected ':'"), std::string::npos);
}

TEST(JsonDocument, SkipsAByteOrderMark) {
  JsonDocument doc;
  EXPECT_FALSE(doc.parse("\xEF\xBB\xBF{\"a\": \"b\"}").has_value());
  EXPECT_EQ(get_string(doc.root(), "a"), "b");
  // Offsets stay those of the whole text.
  const auto error = doc.parse("\xEF\xBB\xBF{\"a\":}");
  ASSERT_TRUE(error.has_value());
  EXPECT_EQ(error->offset, 8u);
  EXPECT_EQ(error->line, 1u);
  EXPECT_EQ(error->column, 9u);
  // Only one, at the start.
  EXPECT_TRUE(doc.parse("\xEF\xBB\xBF\xEF\xBB\xBF{}").has_value());
  EXPECT_TRUE(doc.parse(" \xEF\xBB\xBF{}").has_value());
}

std::string nested_arrays(size_t depth) {
  return std::string(depth, '[') + std::string(depth, ']');
}

std::string nested_objects(size_t depth) {
  std::string out;
  for (size_t i = 0; i < depth; ++i)
    out += "{\"a\":";
  out += "1";
  out += std::string(depth, '}');
  return out;
}

// Depth as simdjson counts it: the root value is at depth 1, a value in a container one deeper,
// scalars included: 256 empty arrays in each other are 256 deep, 255 objects around a number too.
TEST(JsonDocument, NestingLimitOnTheSimdjsonPath) {
  JsonDocument doc;
  EXPECT_FALSE(doc.parse(nested_arrays(256), 256).has_value());
  EXPECT_FALSE(doc.parse(nested_objects(255), 256).has_value());
  auto error = doc.parse(nested_objects(256), 256);
  ASSERT_TRUE(error.has_value());
  EXPECT_EQ(error->offset, 256u * 5);  // the number
  EXPECT_NE(error->message.find("nested deeper than 256 levels"), std::string::npos);
  EXPECT_TRUE(doc.parse("[1]", 1).has_value());
  EXPECT_FALSE(doc.parse("[]", 1).has_value());
  EXPECT_FALSE(doc.parse("1", 1).has_value());
  error = doc.parse(nested_arrays(257), 256);
  ASSERT_TRUE(error.has_value());
  EXPECT_EQ(error->offset, 256u);
  EXPECT_NE(error->message.find("nested deeper than 256 levels"), std::string::npos);
  error = doc.parse(nested_objects(300), 256);
  ASSERT_TRUE(error.has_value());
  EXPECT_EQ(error->offset, 256u * 5);
  // The same parser, another limit, then back (the parser is reallocated each time).
  EXPECT_FALSE(doc.parse(nested_arrays(1000), 1000).has_value());
  EXPECT_TRUE(doc.parse(nested_arrays(1000), 10).has_value());
  EXPECT_FALSE(doc.parse(R"({"k": [1, 2, 3]})", 10).has_value());
  EXPECT_EQ(get_array(doc.root(), "k")->size(), 3u);
}

TEST(JsonLocator, AnyNestingIsSafe) {
  // A million levels: iterative, so no stack; the limit is found at the first bracket past it.
  const std::string deep(1'000'000, '[');
  auto error = find_json_error(deep, 256);
  ASSERT_TRUE(error.has_value());
  EXPECT_EQ(error->offset, 256u);
  error = find_json_error(deep, std::numeric_limits<size_t>::max());
  ASSERT_TRUE(error.has_value());
  EXPECT_EQ(error->offset, deep.size());
  EXPECT_NE(error->message.find("unexpected end"), std::string::npos);
  EXPECT_FALSE(find_json_error(nested_arrays(200'000), 200'000).has_value());
  EXPECT_FALSE(find_json_error(nested_objects(100'000), 100'001).has_value());
  EXPECT_TRUE(find_json_error(nested_objects(100'000), 100'000).has_value());
}

TEST(JsonDocument, AccessorsNeverThrow) {
  JsonDocument doc;
  ASSERT_FALSE(doc.parse(R"({"s": "x", "n": 1, "b": true, "o": {}, "a": [], "z": null})"));
  const auto root = doc.root();
  EXPECT_EQ(get_string(root, "s"), "x");
  EXPECT_EQ(get_string(root, "n"), "");
  EXPECT_EQ(get_string(root, "missing"), "");
  EXPECT_TRUE(get_object(root, "o").has_value());
  EXPECT_FALSE(get_object(root, "a").has_value());
  EXPECT_TRUE(get_array(root, "a").has_value());
  EXPECT_FALSE(get_array(root, "o").has_value());
  EXPECT_TRUE(get_bool(root, "b"));
  EXPECT_TRUE(get_bool(root, "s", true));
  EXPECT_FALSE(get_bool(root, "z", false));
  ASSERT_FALSE(doc.parse(R"([1, 2])"));
  EXPECT_EQ(get_string(doc.root(), "s"), "");  // not an object
  EXPECT_FALSE(get_object(doc.root(), "o").has_value());
}

// ---------------------------------------------------------------------------------------------
// YAML

std::optional<ParseError> yaml_error(const std::string& text, size_t max_depth = 64) {
  YAML::Node node;
  return parse_yaml(text, node, max_depth);
}

std::string repeat(std::string_view s, size_t n) {
  std::string out;
  out.reserve(s.size() * n);
  for (size_t i = 0; i < n; ++i)
    out += s;
  return out;
}

TEST(YamlGuard, FlowNesting) {
  EXPECT_FALSE(yaml_error(nested_arrays(64)).has_value());
  auto error = yaml_error(nested_arrays(65));
  ASSERT_TRUE(error.has_value());
  EXPECT_EQ(error->offset, 64u);
  EXPECT_EQ(error->line, 1u);
  EXPECT_EQ(error->column, 65u);
  EXPECT_NE(error->message.find("nested deeper than 64 levels"), std::string::npos);
  EXPECT_TRUE(yaml_error(repeat("{a: ", 65) + repeat("}", 65)).has_value());
  EXPECT_FALSE(yaml_error(repeat("{a: ", 60) + "1" + repeat("}", 60)).has_value());
  // Flow over several lines.
  error = yaml_error("key:\n" + repeat("  [\n", 100) + repeat("  ]\n", 100));
  ASSERT_TRUE(error.has_value());
  EXPECT_GT(error->line, 60u);
}

std::string nested_block(size_t keys, std::string_view eol = "\n") {
  std::string out;
  for (size_t i = 0; i < keys; ++i)
    out += std::string(i, ' ') + "k:" + std::string(eol);
  out += std::string(keys, ' ') + "v" + std::string(eol);
  return out;
}

TEST(YamlGuard, BlockNesting) {
  EXPECT_FALSE(yaml_error(nested_block(63)).has_value());
  auto error = yaml_error(nested_block(64));
  ASSERT_TRUE(error.has_value());
  EXPECT_EQ(error->line, 65u);
  EXPECT_EQ(error->column, 65u);
  // Sequences of sequences: indentation, and on one line.
  std::string seqs;
  for (size_t i = 0; i < 100; ++i)
    seqs += std::string(2 * i, ' ') + "-\n";
  EXPECT_TRUE(yaml_error(seqs).has_value());
  EXPECT_FALSE(yaml_error(repeat("- ", 63) + "x\n").has_value());
  error = yaml_error(repeat("- ", 64) + "x\n");
  ASSERT_TRUE(error.has_value());
  EXPECT_EQ(error->line, 1u);
  EXPECT_TRUE(yaml_error("top:\n  " + repeat("- ", 100) + "x\n").has_value());
  EXPECT_TRUE(yaml_error(repeat("? ", 100) + "x\n").has_value());
  // yaml-cpp nests "a: b: c" (other parsers refuse it): counted too.
  EXPECT_TRUE(yaml_error(repeat("a: ", 100) + "x\n").has_value());
  // Flow inside block nesting adds up.
  auto keys_then_flow = [](size_t keys, size_t flow) {
    const std::string block = nested_block(keys);
    return block.substr(0, block.rfind('v')) + nested_arrays(flow) + "\n";
  };
  EXPECT_TRUE(yaml_error(keys_then_flow(40, 30)).has_value());
  EXPECT_FALSE(yaml_error(keys_then_flow(30, 30)).has_value());
}

TEST(YamlGuard, CarriageReturnsEndLinesToo) {
  EXPECT_TRUE(yaml_error(nested_block(100, "\r")).has_value());
  EXPECT_TRUE(yaml_error(nested_block(100, "\r\n")).has_value());
  EXPECT_FALSE(yaml_error(nested_block(20, "\r\n")).has_value());
  // yaml-cpp 0.7 keeps counting columns after a lone "\r", so "a:\rb:\rc:" nests to it: the
  // estimate counts the same way.
  EXPECT_TRUE(yaml_error(repeat("k:\r", 100)).has_value());
  auto error = yaml_error(repeat("k:\r", 30));
  if (error) {
    EXPECT_EQ(error->message.find("nested deeper"), std::string::npos);
  }
  YAML::Node node;
  ASSERT_FALSE(parse_yaml(read_host_file(fixture("yaml/crlf-line-endings.yaml")), node));
  EXPECT_EQ(node["a"]["b"]["c"][1].as<int>(), 2);
  // Lone "\r" line ends are an error for yaml-cpp 0.7 (not a crash).
  error = yaml_error("a:\r  b:\r    c: [1, 2]\r");
  if (error) {
    EXPECT_GT(error->column, 0u);
  }
}

TEST(YamlGuard, QuotesCommentsAndBlockScalarsDoNotCount) {
  YAML::Node node;
  const auto error = parse_yaml(read_host_file(fixture("yaml/shallow-but-tricky.yaml")), node, 8);
  ASSERT_FALSE(error.has_value()) << error->line << ":" << error->column << ": " << error->message;
  const YAML::Node deps = node["importers"]["."]["dependencies"];
  EXPECT_EQ(deps["apostrophe"].as<std::string>().substr(0, 8), "it's pla");
  EXPECT_EQ(deps["single-quoted"].as<std::string>().substr(0, 14), "[[[[[[[[ it's ");
  EXPECT_EQ(deps["flow"]["resolution"]["integrity"].as<std::string>(), "sha512-abc");
  EXPECT_EQ(deps["alias"][1].as<std::string>(), "b");
  EXPECT_EQ(deps["literal"].as<std::string>().substr(0, 4), "- - ");
}

TEST(YamlGuard, QuotesDoNotHideNesting) {
  // What a scanner that takes every quote character for a quote would miss.
  const std::string deep = nested_arrays(100);
  EXPECT_TRUE(yaml_error("[it's, " + deep + "]").has_value());
  EXPECT_TRUE(yaml_error("[\"\\\"\", " + deep + "]").has_value());
  EXPECT_TRUE(yaml_error("['it''s', " + deep + "]").has_value());
  EXPECT_TRUE(yaml_error("a: it's\nb: " + deep).has_value());
  EXPECT_TRUE(yaml_error("a: \"x\n  \" \nb: " + deep).has_value());
  EXPECT_TRUE(yaml_error("a: 'x\n  ' \nb: " + deep).has_value());
  EXPECT_TRUE(yaml_error("a: b#c\nb: " + deep).has_value());
  EXPECT_TRUE(yaml_error("a: |\n  text\nb: " + deep).has_value());
}

TEST(YamlGuard, TheParsersOwnLimitIsReportedToo) {
  // With our estimate out of the way, yaml-cpp stops itself (about 500 levels) without crashing.
  auto error = yaml_error(nested_arrays(2000), std::numeric_limits<size_t>::max());
  ASSERT_TRUE(error.has_value());
  EXPECT_NE(error->message.find("nested too deep"), std::string::npos) << error->message;
  error = yaml_error(nested_block(2000), std::numeric_limits<size_t>::max());
  ASSERT_TRUE(error.has_value());
  EXPECT_TRUE(yaml_error(repeat("- ", 2000) + "x", std::numeric_limits<size_t>::max()));
}

TEST(YamlGuard, OnlyUtf8) {
  auto error = yaml_error(std::string("a: 1\nb: \0\n", 10));
  ASSERT_TRUE(error.has_value());
  EXPECT_EQ(error->offset, 8u);
  EXPECT_NE(error->message.find("NUL"), std::string::npos);
  error = yaml_error(std::string("a\0:\0 \0001\0", 8));  // what yaml-cpp would read as UTF-16
  ASSERT_TRUE(error.has_value());
  EXPECT_EQ(error->offset, 1u);
  error =
      yaml_error(std::string("\xFF\xFE"
                             "a",
                             3));
  ASSERT_TRUE(error.has_value());
  EXPECT_EQ(error->offset, 0u);
  EXPECT_NE(error->message.find("UTF-16"), std::string::npos);
  EXPECT_FALSE(yaml_error("\xEF\xBB\xBF"
                          "a: 1\n")
                   .has_value());  // a UTF-8 BOM is fine
  EXPECT_FALSE(yaml_error("a: caf\xC3\xA9\n").has_value());
}

TEST(YamlParse, SyntaxErrorsHaveLines) {
  auto error = yaml_error(read_host_file(fixture("yaml/bad-indentation.yaml")));
  ASSERT_TRUE(error.has_value());
  EXPECT_EQ(error->line, 4u) << error->message;
  error = yaml_error(read_host_file(fixture("yaml/unclosed-flow.yaml")));
  ASSERT_TRUE(error.has_value());
  EXPECT_EQ(error->line, 3u) << error->message;
  EXPECT_FALSE(yaml_error("").has_value());
  EXPECT_FALSE(yaml_error("# only a comment\n").has_value());
}

TEST(YamlParse, YamlStringNeverThrows) {
  YAML::Node node;
  ASSERT_FALSE(parse_yaml("a: x\nb: [1]\nc: {d: 1}\n", node));
  EXPECT_EQ(yaml_string(node, "a"), "x");
  EXPECT_EQ(yaml_string(node, "b"), "");
  EXPECT_EQ(yaml_string(node, "c"), "");
  EXPECT_EQ(yaml_string(node, "missing"), "");
  EXPECT_EQ(yaml_string(node["b"], "a"), "");  // a sequence
  EXPECT_EQ(yaml_string(node["a"], "a"), "");  // a scalar
  EXPECT_EQ(yaml_string(YAML::Node(), "a"), "");
}

// ---------------------------------------------------------------------------------------------
// TOML and XML

TEST(Toml, ErrorsHaveLines) {
  struct Case {
    const char* file;
    uint64_t line;
  };
  for (const Case& c : {Case{"toml/unterminated-string.toml", 3},
                        Case{"toml/duplicate-key.toml", 4}, Case{"toml/bad-value.toml", 4}}) {
    SCOPED_TRACE(c.file);
    toml::table table;
    const auto error = parse_toml(read_host_file(fixture(c.file)), table);
    ASSERT_TRUE(error.has_value());
    EXPECT_EQ(error->line, c.line) << error->message;
    EXPECT_GT(error->column, 0u);
    EXPECT_FALSE(error->message.empty());
  }
}

TEST(Toml, DeepNestingIsAnErrorNotACrash) {
  toml::table table;
  EXPECT_TRUE(parse_toml("a = " + nested_arrays(100'000), table).has_value());
  EXPECT_TRUE(parse_toml("a = " + repeat("{b = ", 100'000) + "1" + repeat("}", 100'000), table)
                  .has_value());
  EXPECT_FALSE(parse_toml("a = " + nested_arrays(10), table).has_value());
  EXPECT_FALSE(parse_toml("", table).has_value());
  EXPECT_TRUE(parse_toml("a = \"\xFF\"", table).has_value());  // invalid UTF-8
}

TEST(Xml, ErrorsHaveLines) {
  struct Case {
    const char* file;
    uint64_t line;
  };
  // pugixml puts an unclosed element's error at the last byte of the text.
  for (const Case& c : {Case{"xml/mismatched-tag.xml", 5}, Case{"xml/bad-attribute.xml", 2},
                        Case{"xml/unclosed.xml", 3}}) {
    SCOPED_TRACE(c.file);
    pugi::xml_document doc;
    const std::string text = read_host_file(fixture(c.file));
    const auto error = parse_xml(text, doc);
    ASSERT_TRUE(error.has_value());
    EXPECT_EQ(error->line, c.line) << error->message << " at " << error->offset;
    EXPECT_FALSE(error->message.empty());
  }
}

TEST(Xml, DeepNestingIsFine) {
  // pugixml's parser is not recursive.
  pugi::xml_document doc;
  EXPECT_FALSE(parse_xml(repeat("<a>", 200'000) + repeat("</a>", 200'000), doc).has_value());
  EXPECT_TRUE(parse_xml(repeat("<a>", 200'000), doc).has_value());
  EXPECT_TRUE(parse_xml("", doc).has_value());  // no root element
  // No entity expansion beyond the predefined ones.
  const std::string bomb =
      "<!DOCTYPE x [<!ENTITY a \"aaaaaaaaaa\"><!ENTITY b \"&a;&a;&a;&a;&a;&a;&a;&a;&a;&a;\">]>"
      "<x>&b;</x>";
  ASSERT_FALSE(parse_xml(bomb, doc).has_value());
  EXPECT_LT(std::string(doc.child("x").text().get()).size(), 20u);
}

// ---------------------------------------------------------------------------------------------
// Locations and reports

TEST(ParseError, LocateCountsLinesAndBytes) {
  uint64_t line = 0, column = 0;
  locate("ab\ncd\r\nef", 0, line, column);
  EXPECT_EQ(line, 1u);
  EXPECT_EQ(column, 1u);
  locate("ab\ncd\r\nef", 2, line, column);  // the '\n' itself is on line 1
  EXPECT_EQ(line, 1u);
  EXPECT_EQ(column, 3u);
  locate("ab\ncd\r\nef", 3, line, column);
  EXPECT_EQ(line, 2u);
  EXPECT_EQ(column, 1u);
  locate("ab\ncd\r\nef", 7, line, column);
  EXPECT_EQ(line, 3u);
  EXPECT_EQ(column, 1u);
  locate("ab\ncd\r\nef", 100, line, column);  // past the end: the end
  EXPECT_EQ(line, 3u);
  EXPECT_EQ(column, 3u);
  locate("\xC3\xA9x", 2, line, column);  // columns count bytes
  EXPECT_EQ(column, 3u);
  const ParseError e = error_at("a\nbc", 3, "what");
  EXPECT_EQ(e.offset, 3u);
  EXPECT_EQ(e.line, 2u);
  EXPECT_EQ(e.column, 2u);
  EXPECT_EQ(e.message, "what");
}

TEST(ParseError, ReportWarnsOnTheCurrentFile) {
  MemoryFs fs;
  std::vector<Component> components;
  std::vector<Diagnostic> warnings;
  ExtractContext ctx(fs, nullptr, components, warnings);
  ctx.set_current("/app/package-lock.json", "package-lock.json");
  report(ctx, "not valid JSON", error_at("{\n x", 3, "expected a string as object key"));
  report(ctx, "not a valid lockfile", ParseError{"", 0, 0, 0});
  ASSERT_EQ(warnings.size(), 2u);
  EXPECT_EQ(warnings[0].to_string(),
            "/app/package-lock.json:2:2: not valid JSON: expected a string as object key");
  EXPECT_EQ(warnings[0].extractor, "package-lock.json");
  EXPECT_EQ(warnings[1].to_string(), "/app/package-lock.json: not a valid lockfile");
}

// ---------------------------------------------------------------------------------------------
// Real files: every lockfile of ../shared/data in these formats parses, and for JSON the
// locator agrees that it is valid.

TEST(RealFiles, ParseWithoutFalseAlarms) {
  const std::string data = shared_data_dir();
  if (data.empty()) GTEST_SKIP() << "no ../shared/data";
  int seen = 0;
  for (const auto& entry : std::filesystem::recursive_directory_iterator(data + "/lockfiles")) {
    if (!entry.is_regular_file()) continue;
    const std::string path = entry.path().string();
    const std::string text = read_host_file(path);
    SCOPED_TRACE(path);
    if (path.ends_with(".json") || path.ends_with("composer.lock") ||
        path.ends_with("Pipfile.lock") || path.ends_with("conan.lock")) {
      JsonDocument doc;
      const auto error = doc.parse(text);
      EXPECT_FALSE(error.has_value()) << error->message;
      EXPECT_FALSE(find_json_error(text, 256).has_value());
      ++seen;
    } else if (path.ends_with(".yaml") || path.ends_with("yarn.berry.lock")) {
      YAML::Node node;
      const auto error = parse_yaml(text, node);
      EXPECT_FALSE(error.has_value()) << error->line << ": " << error->message;
      ++seen;
    } else if (path.ends_with("Cargo.lock") || path.ends_with("poetry.lock") ||
               path.ends_with("uv.lock")) {
      toml::table table;
      const auto error = parse_toml(text, table);
      EXPECT_FALSE(error.has_value()) << error->line << ": " << error->message;
      ++seen;
    } else if (path.ends_with(".xml")) {
      pugi::xml_document doc;
      EXPECT_FALSE(parse_xml(text, doc).has_value());
      ++seen;
    }
  }
  // JSON: 3 package-locks, packages.lock.json, vcpkg.json, composer.lock, Pipfile.lock,
  // conan.lock; YAML: pnpm-lock.yaml, yarn berry; TOML: Cargo.lock, poetry.lock, uv.lock; XML: two
  // poms.
  EXPECT_EQ(seen, 15);
}

}  // namespace
}  // namespace upkeep::inventory::formats
