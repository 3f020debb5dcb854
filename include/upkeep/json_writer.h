// SPDX-License-Identifier: Apache-2.0
//
// A small streaming JSON writer for reports: commas and indentation handled, strings escaped,
// and bytes that are not valid UTF-8 replaced by U+FFFD so the output always parses.
#pragma once

#include <cstdint>
#include <string>
#include <string_view>
#include <vector>

namespace upkeep {

class JsonWriter {
 public:
  // Appends to `out`. indent 0 writes compact JSON on one line.
  explicit JsonWriter(std::string& out, int indent = 2) : out_(out), indent_(indent) {}

  JsonWriter& begin_object();
  JsonWriter& end_object();
  JsonWriter& begin_array();
  JsonWriter& end_array();
  // The key of the next value in an object.
  JsonWriter& key(std::string_view k);

  JsonWriter& value(std::string_view v);
  JsonWriter& value(const char* v) { return value(std::string_view(v)); }
  JsonWriter& value(const std::string& v) { return value(std::string_view(v)); }
  JsonWriter& value(bool v);
  JsonWriter& value(int64_t v);
  JsonWriter& value(uint64_t v);
  JsonWriter& value(int v) { return value(static_cast<int64_t>(v)); }
  JsonWriter& value(double v);
  JsonWriter& null();

  // key(k).value(v)
  template <typename T>
  JsonWriter& field(std::string_view k, const T& v) {
    key(k);
    return value(v);
  }

  // Appends `s` as a JSON string literal (quotes included) to `out`.
  static void append_string(std::string& out, std::string_view s);

 private:
  void before_value();
  void newline();

  struct Level {
    bool object = false;
    size_t count = 0;
  };
  std::string& out_;
  int indent_;
  std::vector<Level> stack_;
  bool after_key_ = false;
};

}  // namespace upkeep
