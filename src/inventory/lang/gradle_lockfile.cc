// SPDX-License-Identifier: Apache-2.0
//
// Gradle dependency locking: gradle.lockfile (Gradle 6.8+, one per project, and
// buildscript-gradle.lockfile for the build script's own class path) with lines
// "group:artifact:version=configuration,configuration" and an "empty=" line naming the
// configurations that resolved to nothing; and the older per-configuration files
// gradle/dependency-locks/<configuration>.lockfile (Gradle 4.8 to 7) with bare
// "group:artifact:version" lines.
//
// Every line is a resolved module, direct or transitive alike: the file does not say which, so
// the relationship stays unknown. The configurations say what the module is for (see
// development_configuration()).
#include <string>
#include <string_view>
#include <vector>

#include "inventory/extractors.h"
#include "inventory/lang/maven_common.h"
#include "upkeep/utf8.h"

namespace upkeep::inventory {
namespace {

constexpr std::string_view kGradleHeader = "This is a Gradle generated file for dependency locking";

bool contains_word(std::string_view text, std::string_view word) {
  return text.find(word) != std::string_view::npos;
}

// Whether a configuration only serves building or testing, not the shipped program:
// - another source set than main whose code is not shipped: test*, *Test* (androidTest,
//   integrationTest, testFixtures), jmh* (benchmarks);
// - a build tool's own class path: annotation processors, kapt, code generators (antlr*, xjc),
//   checkers and coverage (checkstyle, pmd, spotbugs, jacoco, errorprone, detekt, ktlint, lint,
//   modernizer, pitest, codenarc), and a build script's "classpath".
// Anything else (compileClasspath, runtimeClasspath, Android variants such as
// releaseRuntimeClasspath, and configurations we do not know) counts as runtime: a wrong
// "development" would hide a shipped library's vulnerabilities, a wrong "runtime" only adds one.
bool development_configuration(std::string_view conf) {
  if (conf.starts_with("test") || contains_word(conf, "Test")) return true;
  if (conf.ends_with("AnnotationProcessor") || conf == "annotationProcessor") return true;
  static constexpr std::string_view kToolPrefixes[] = {
      "jmh",      "kapt",       "antlr",  "xjc",        "checkstyle", "pmd",
      "spotbugs", "findbugs",   "jacoco", "errorprone", "detekt",     "ktlint",
      "lint",     "modernizer", "pitest", "codenarc",   "classpath"};
  for (std::string_view prefix : kToolPrefixes) {
    if (conf.starts_with(prefix)) return true;
  }
  return false;
}

std::vector<std::string_view> split(std::string_view text, char sep) {
  std::vector<std::string_view> out;
  size_t start = 0;
  while (true) {
    const size_t end = text.find(sep, start);
    out.push_back(text.substr(start, end == std::string_view::npos ? end : end - start));
    if (end == std::string_view::npos) break;
    start = end + 1;
  }
  return out;
}

class GradleLockfileExtractor final : public Extractor {
 public:
  std::string_view id() const override { return "gradle.lockfile"; }

  bool claims(const FileRef& file) const override {
    if (file.name.ends_with("gradle.lockfile")) return true;  // also buildscript-gradle.lockfile
    // gradle/dependency-locks/<configuration>.lockfile
    return file.name.ends_with(".lockfile") &&
           base_name(parent_path(file.path)) == "dependency-locks";
  }

  bool recognizes(std::string_view name, std::string_view head) const override {
    return contains_word(head, kGradleHeader) ||
           (name.ends_with(".lockfile") && contains_word(head, "\nempty="));
  }

  void extract(const FileRef& file, ExtractContext& ctx) const override {
    auto text = ctx.fs().read_file(file.path, max_file_size());
    if (!text.is_ok()) {
      ctx.warn(text.status().message());
      return;
    }
    // The per-configuration files name their configuration in the file name instead.
    std::string_view file_configuration;
    if (!file.name.ends_with("gradle.lockfile")) {
      file_configuration =
          file.name.substr(0, file.name.size() - std::string_view(".lockfile").size());
    }
    const std::string_view all = *text;
    uint64_t line_no = 0;
    size_t pos = 0;
    while (pos < all.size()) {
      ++line_no;
      size_t end = all.find('\n', pos);
      if (end == std::string_view::npos) end = all.size();
      std::string_view line = all.substr(pos, end - pos);
      pos = end + 1;
      if (!line.empty() && line.back() == '\r') line.remove_suffix(1);
      const std::string_view trimmed = maven::trim(line);
      if (trimmed.empty() || trimmed.front() == '#') continue;
      if (!is_valid_utf8(trimmed)) {
        ctx.warn("not valid UTF-8", line_no);
        continue;
      }
      const size_t eq = trimmed.find('=');
      const std::string_view coordinates =
          eq == std::string_view::npos ? trimmed : trimmed.substr(0, eq);
      if (coordinates == "empty") continue;  // configurations without dependencies
      const std::vector<std::string_view> parts = split(coordinates, ':');
      if (parts.size() != 3 || !maven::valid_id(parts[0]) || !maven::valid_id(parts[1]) ||
          parts[2].empty()) {
        ctx.warn("expected \"group:artifact:version=configurations\", found \"" +
                     std::string(trimmed.substr(0, 200)) + "\"",
                 line_no, 1);
        continue;
      }
      Component c = maven::component(parts[0], parts[1], parts[2]);
      std::vector<std::string_view> configurations;
      if (eq != std::string_view::npos) {
        for (std::string_view conf : split(trimmed.substr(eq + 1), ',')) {
          conf = maven::trim(conf);
          if (!conf.empty()) configurations.push_back(conf);
        }
      } else if (!file_configuration.empty()) {
        configurations.push_back(file_configuration);
      }
      if (!configurations.empty()) {
        bool development = true;
        for (std::string_view conf : configurations)
          development = development && development_configuration(conf);
        c.scope = development ? Scope::kDevelopment : Scope::kRuntime;
      }
      ctx.add(std::move(c));
    }
  }
};

}  // namespace

const Extractor& gradle_lockfile_extractor() {
  static const GradleLockfileExtractor extractor;
  return extractor;
}

}  // namespace upkeep::inventory
