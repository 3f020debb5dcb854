// SPDX-License-Identifier: Apache-2.0
#include "inventory/lang/java_archive.h"

#include <archive.h>
#include <archive_entry.h>
#include <gtest/gtest.h>
#include <sys/stat.h>

#include <climits>
#include <cstdio>
#include <cstdlib>
#include <filesystem>
#include <pugixml.hpp>
#include <string>
#include <vector>

#include "support/inventory_testing.h"

namespace upkeep::inventory {
namespace {

using upkeep::testing::Extracted;
using upkeep::testing::inventory_fixture_dir;
using upkeep::testing::read_host_file;
using upkeep::testing::run_extractor;
using upkeep::testing::run_extractor_on_file;

std::string fixture(const std::string& name) {
  return inventory_fixture_dir() + "/java-archive/" + name;
}

Extracted run_jar(const std::string& name) {
  return run_extractor_on_file("java-archive", fixture(name));
}

// Runs an extractor built with other limits on a file of `fs`.
Extracted run_with(const JavaArchiveLimits& limits, const Fs& fs, std::string_view path) {
  auto extractor = make_java_archive_extractor(limits);
  Extracted out;
  ExtractContext ctx(fs, nullptr, out.components, out.warnings);
  auto info = fs.stat(path);
  FileRef ref{path, base_name(path), info.is_ok() ? *info : FileInfo{}};
  ctx.set_current(path, extractor->id());
  extractor->extract(ref, ctx);
  return out;
}

Extracted run_fixture_with(const JavaArchiveLimits& limits, const std::string& name) {
  MemoryFs fs;
  fs.add_file("/" + name, read_host_file(fixture(name)));
  return run_with(limits, fs, "/" + name);
}

struct ZipEntry {
  std::string name;
  std::string data;
  bool deflate = true;
};

la_ssize_t append_to_string(archive* /*a*/, void* out, const void* data, size_t n) {
  static_cast<std::string*>(out)->append(static_cast<const char*>(data), n);
  return static_cast<la_ssize_t>(n);
}

// A zip archive made with libarchive's writer.
std::string make_zip(const std::vector<ZipEntry>& entries) {
  std::string out;
  archive* a = archive_write_new();
  archive_write_set_format_zip(a);
  archive_write_set_bytes_in_last_block(a, 1);
  archive_write_open(a, &out, nullptr, append_to_string, nullptr);
  for (const ZipEntry& e : entries) {
    if (e.deflate) {
      archive_write_zip_set_compression_deflate(a);
    } else {
      archive_write_zip_set_compression_store(a);
    }
    archive_entry* entry = archive_entry_new();
    archive_entry_set_pathname(entry, e.name.c_str());
    archive_entry_set_filetype(entry, AE_IFREG);
    archive_entry_set_perm(entry, 0644);
    archive_entry_set_size(entry, static_cast<la_int64_t>(e.data.size()));
    archive_write_header(a, entry);
    archive_write_data(a, e.data.data(), e.data.size());
    archive_entry_free(entry);
  }
  archive_write_close(a);
  archive_write_free(a);
  return out;
}

std::string pom_properties(const std::string& group, const std::string& artifact,
                           const std::string& version) {
  return "groupId=" + group + "\nartifactId=" + artifact + "\nversion=" + version + "\n";
}

bool has_warning(const Extracted& r, std::string_view text) {
  for (const Diagnostic& d : r.warnings) {
    if (d.message.find(text) != std::string::npos) return true;
  }
  return false;
}

TEST(JavaArchive, PomProperties) {
  Extracted r = run_jar("simple-1.2.3.jar");
  EXPECT_TRUE(r.warnings.empty()) << r.warnings_text();
  ASSERT_EQ(r.components.size(), 1u);
  const Component& c = r.components[0];
  EXPECT_EQ(c.ecosystem, "Maven");
  EXPECT_EQ(c.name, "org.example:simple");
  EXPECT_EQ(c.version, "1.2.3");
  EXPECT_EQ(c.purl, "pkg:maven/org.example/simple@1.2.3");
  EXPECT_EQ(c.location, "/simple-1.2.3.jar");
  EXPECT_EQ(c.extractor, "java-archive");
  EXPECT_TRUE(c.version_note.empty());
  // The archive does not say how it is used.
  EXPECT_EQ(c.relationship, Relationship::kUnknown);
  EXPECT_EQ(c.scope, Scope::kUnknown);
}

TEST(JavaArchive, JavaPropertiesSyntax) {
  Extracted r = run_jar("properties-syntax.jar");
  EXPECT_TRUE(r.warnings.empty()) << r.warnings_text();
  ASSERT_EQ(r.components.size(), 1u);
  EXPECT_EQ(r.components[0].name, "org.example:props");
  EXPECT_EQ(r.components[0].version, "2.0.1");  // a continued line and a \u0031 escape
}

TEST(JavaArchive, ManifestWhenNoPomProperties) {
  Extracted r = run_jar("manifest-only-2.3.jar");
  EXPECT_TRUE(r.warnings.empty()) << r.warnings_text();
  ASSERT_EQ(r.components.size(), 1u);
  EXPECT_EQ(r.components[0].name, "org.example:manifest-only");
  EXPECT_EQ(r.components[0].version, "2.3.1");  // the manifest's, not the file name's
  EXPECT_EQ(r.components[0].purl, "pkg:maven/org.example/manifest-only@2.3.1");
  EXPECT_EQ(r.components[0].version_note,
            "no pom.properties: named after the file, version from MANIFEST.MF "
            "Implementation-Version, group from Implementation-Vendor-Id");

  // Continuation lines, case-insensitive names, only the main section.
  Extracted osgi = run_jar("osgi-bundle.jar");
  ASSERT_EQ(osgi.components.size(), 1u);
  EXPECT_EQ(osgi.components[0].name, "osgi-bundle");
  EXPECT_EQ(osgi.components[0].version, "3.4.5");
  EXPECT_EQ(osgi.components[0].purl, "pkg:maven/osgi-bundle@3.4.5");

  Extracted bare = run_jar("no-metadata-1.0.jar");
  ASSERT_EQ(bare.components.size(), 1u);
  EXPECT_EQ(bare.components[0].name, "no-metadata");
  EXPECT_EQ(bare.components[0].version, "1.0");
  EXPECT_EQ(bare.components[0].version_note,
            "no pom.properties: named after the file, version from the file name");

  Extracted nothing = run_jar("nothing.jar");
  ASSERT_EQ(nothing.components.size(), 1u);
  EXPECT_EQ(nothing.components[0].name, "nothing");
  EXPECT_EQ(nothing.components[0].version, "");
  EXPECT_EQ(nothing.components[0].purl, "pkg:maven/nothing");
}

TEST(JavaArchive, ShadedArchives) {
  Extracted shaded = run_jar("shaded-5.0.jar");
  EXPECT_TRUE(shaded.warnings.empty()) << shaded.warnings_text();
  ASSERT_EQ(shaded.components.size(), 2u);
  EXPECT_NE(shaded.find("org.example:shaded", "5.0"), nullptr);
  EXPECT_NE(shaded.find("commons-codec:commons-codec", "1.15"), nullptr);

  // Only a shaded library's pom.properties, and a manifest version none of them has: the
  // archive itself is reported too.
  Extracted foreign = run_jar("foreign-4.0.jar");
  ASSERT_EQ(foreign.components.size(), 2u);
  EXPECT_NE(foreign.find("cglib:cglib", "3.2.12"), nullptr);
  ASSERT_NE(foreign.find("foreign", "4.0.0"), nullptr);
  EXPECT_EQ(foreign.find("foreign", "4.0.0")->version_note,
            "no pom.properties: named after the file, version from MANIFEST.MF Bundle-Version");
}

TEST(JavaArchive, OwnPomPropertiesUnderOtherNames) {
  for (const char* name : {"spec-api-1.3-spec.jar", "maven3-thing.jar"}) {
    Extracted r = run_jar(name);
    EXPECT_TRUE(r.warnings.empty()) << r.warnings_text();
    ASSERT_EQ(r.components.size(), 1u) << name;
    EXPECT_TRUE(r.components[0].version_note.empty()) << name;
  }
}

TEST(JavaArchive, NestedArchives) {
  Extracted boot = run_jar("spring-boot.jar");
  EXPECT_TRUE(boot.warnings.empty()) << boot.warnings_text();
  ASSERT_EQ(boot.components.size(), 3u);
  EXPECT_EQ(boot.find("com.example:boot-app", "0.1.0")->location, "/spring-boot.jar");
  EXPECT_EQ(boot.find("org.example.libs:lib-a", "1.0")->location,
            "/spring-boot.jar!/BOOT-INF/lib/lib-a-1.0.jar");  // stored
  EXPECT_EQ(boot.find("org.example.libs:lib-b", "2.0")->location,
            "/spring-boot.jar!/BOOT-INF/lib/lib-b-2.0.jar");  // deflated

  // A launch script before the zip: the central directory still finds everything.
  Extracted exec = run_jar("executable.jar");
  EXPECT_TRUE(exec.warnings.empty()) << exec.warnings_text();
  EXPECT_EQ(exec.components.size(), 3u);

  Extracted war = run_jar("web.war");
  ASSERT_EQ(war.components.size(), 2u);
  EXPECT_EQ(war.find("org.example.libs:lib-a", "1.0")->location,
            "/web.war!/WEB-INF/lib/lib-a-1.0.jar");

  // An EAR holding a WAR holding a JAR; the EAR itself has no metadata but its name.
  Extracted ear = run_jar("enterprise.ear");
  EXPECT_TRUE(ear.warnings.empty()) << ear.warnings_text();
  ASSERT_EQ(ear.components.size(), 4u);
  EXPECT_EQ(ear.find("org.example.libs:lib-a", "1.0")->location,
            "/enterprise.ear!/web.war!/WEB-INF/lib/lib-a-1.0.jar");
  EXPECT_EQ(ear.find("com.example:web", "3.0")->location, "/enterprise.ear!/web.war");
  EXPECT_NE(ear.find("enterprise", ""), nullptr);
}

TEST(JavaArchive, DepthBound) {
  Extracted r = run_jar("deep.jar");
  // level1 (the file) to level5 (four archives down); level6 is not opened.
  ASSERT_EQ(r.components.size(), 5u);
  EXPECT_NE(r.find("org.example:level5", "5"), nullptr);
  EXPECT_TRUE(r.named("org.example:level6").empty());
  ASSERT_EQ(r.warnings.size(), 1u);
  EXPECT_EQ(r.warnings[0].file,
            "/deep.jar!/lib/level2.jar!/lib/level3.jar!/lib/level4.jar!/lib/level5.jar");
  EXPECT_EQ(r.warnings[0].message, "archives nested deeper than 4 levels; lib/level6.jar not read");
}

TEST(JavaArchive, DataDescriptors) {
  Extracted r = run_jar("streamed.jar");
  EXPECT_TRUE(r.warnings.empty()) << r.warnings_text();
  ASSERT_EQ(r.components.size(), 2u);
  EXPECT_NE(r.find("org.example:streamed", "7.0"), nullptr);
  EXPECT_NE(r.find("org.example:inner", "1.0"), nullptr);
}

// Streaming (archives larger than max_in_memory, or nested ones of unknown size) finds what the
// central directory finds, for every well-formed fixture but the one with a launch script
// before the zip, which only the central directory can find.
TEST(JavaArchive, StreamingFindsTheSame) {
  JavaArchiveLimits streaming;
  streaming.max_in_memory = 0;
  for (const char* name :
       {"simple-1.2.3.jar", "properties-syntax.jar", "manifest-only-2.3.jar", "osgi-bundle.jar",
        "no-metadata-1.0.jar", "shaded-5.0.jar", "foreign-4.0.jar", "spring-boot.jar", "web.war",
        "enterprise.ear", "streamed.jar", "deep.jar"}) {
    Extracted memory = run_fixture_with(JavaArchiveLimits{}, name);
    Extracted stream = run_fixture_with(streaming, name);
    sort_components(memory.components);
    sort_components(stream.components);
    ASSERT_EQ(memory.components.size(), stream.components.size()) << name;
    for (size_t i = 0; i < memory.components.size(); ++i) {
      EXPECT_EQ(memory.components[i].purl, stream.components[i].purl) << name;
      EXPECT_EQ(memory.components[i].location, stream.components[i].location) << name;
    }
    EXPECT_EQ(memory.warnings.size(), stream.warnings.size()) << name << stream.warnings_text();
  }
}

TEST(JavaArchive, TruncatedArchiveKeepsTheEntriesBeforeTheCut) {
  Extracted r = run_jar("truncated.jar");
  ASSERT_EQ(r.components.size(), 1u);
  EXPECT_EQ(r.components[0].name, "org.example:first");
  EXPECT_TRUE(has_warning(r, "no usable zip central directory")) << r.warnings_text();
  EXPECT_TRUE(has_warning(r, "cannot read META-INF/maven/org.example/second/pom.properties"))
      << r.warnings_text();
  // The last warning says where reading stopped.
  ASSERT_FALSE(r.warnings.empty());
  EXPECT_TRUE(r.warnings.back().offset.has_value());
}

TEST(JavaArchive, NotAnArchive) {
  Extracted text = run_jar("not-a-zip.jar");
  EXPECT_TRUE(text.components.empty());
  ASSERT_EQ(text.warnings.size(), 1u);
  EXPECT_NE(text.warnings[0].message.find("not a readable Java archive (zip)"), std::string::npos);

  Extracted empty = run_jar("empty.jar");
  EXPECT_TRUE(empty.components.empty());
  ASSERT_EQ(empty.warnings.size(), 1u);
  EXPECT_EQ(empty.warnings[0].message, "an empty file, not a Java archive");
}

TEST(JavaArchive, WrongTypes) {
  Extracted r = run_jar("wrong-types.jar");
  // A directory named pom.properties is no file; bad coordinates are refused; a nested "jar"
  // that is text is reported where it is.
  ASSERT_EQ(r.warnings.size(), 2u) << r.warnings_text();
  EXPECT_EQ(
      r.warnings[0].message,
      "META-INF/maven/org.example/bad/pom.properties: invalid coordinates \"org example:bad\"");
  EXPECT_EQ(r.warnings[1].file, "/wrong-types.jar!/lib/fake.jar");
  ASSERT_EQ(r.components.size(), 2u);
  EXPECT_EQ(r.find("org.example:noversion", "")->version_note,
            "no version in META-INF/maven/org.example/noversion/pom.properties");
  // Coordinates missing from the file come from its path, as Maven writes both alike.
  EXPECT_NE(r.find("org.example:pathonly", "4.4"), nullptr);
}

TEST(JavaArchive, InvalidUtf8) {
  Extracted r = run_jar("invalid-utf8.jar");
  ASSERT_EQ(r.warnings.size(), 2u) << r.warnings_text();
  EXPECT_TRUE(has_warning(r, "badversion/pom.properties: the version is not valid UTF-8"));
  EXPECT_TRUE(has_warning(r, "badgroup/pom.properties: invalid coordinates \"org.?(example"));
  ASSERT_EQ(r.components.size(), 1u);
  EXPECT_EQ(r.components[0].name, "org.example:good");

  // A nested archive whose name is not UTF-8: read, and located with the bad byte replaced.
  Extracted named = run_jar("invalid-utf8-name.jar");
  EXPECT_TRUE(named.warnings.empty()) << named.warnings_text();
  ASSERT_EQ(named.components.size(), 2u);
  EXPECT_EQ(named.find("org.example:inner", "1.0")->location,
            "/invalid-utf8-name.jar!/lib/inner-?.jar");
}

TEST(JavaArchive, ZipBombStopsAtTheByteBound) {
  // Nested archives of 32 MiB (a stored file of zeros) that deflate to about 32 KiB each in
  // the outer archive: reading them inflates 1,000 times what the file holds.
  const std::string inner =
      make_zip({{"META-INF/maven/g/inner/pom.properties", pom_properties("g", "inner", "1")},
                {"big.bin", std::string(32u << 20, '\0'), false}});
  const std::string outer =
      make_zip({{"META-INF/maven/g/outer/pom.properties", pom_properties("g", "outer", "1")},
                {"lib/a.jar", inner},
                {"lib/b.jar", inner}});
  EXPECT_LT(outer.size(), 1u << 20);
  MemoryFs fs;
  fs.add_file("/bomb.jar", outer);
  JavaArchiveLimits limits;
  limits.max_total_bytes = 16u << 20;
  limits.max_in_memory = 1u << 20;  // the nested archives stream, counted as they inflate
  Extracted r = run_with(limits, fs, "/bomb.jar");
  EXPECT_TRUE(has_warning(r,
                          "stopped after decompressing 16777216 bytes, the limit for one "
                          "archive (a zip bomb?)"))
      << r.warnings_text();
  EXPECT_NE(r.find("g:outer", "1"), nullptr);
  EXPECT_TRUE(r.named("g:inner").size() <= 1u);  // lib/b.jar is never reached

  // Held in memory instead, the first nested archive is refused as it is read.
  limits.max_in_memory = 64u << 20;
  Extracted held = run_with(limits, fs, "/bomb.jar");
  EXPECT_TRUE(has_warning(held, "stopped after decompressing")) << held.warnings_text();

  // Within the default bounds (1 GiB), both are read.
  Extracted full = run_with(JavaArchiveLimits{}, fs, "/bomb.jar");
  EXPECT_TRUE(full.warnings.empty()) << full.warnings_text();
  EXPECT_EQ(full.components.size(), 3u);
}

TEST(JavaArchive, EntryCountBound) {
  std::vector<ZipEntry> entries = {
      {"META-INF/maven/g/many/pom.properties", pom_properties("g", "many", "1")}};
  for (int i = 0; i < 1000; ++i)
    entries.push_back({"c/C" + std::to_string(i) + ".class", "x", false});
  MemoryFs fs;
  fs.add_file("/many.jar", make_zip(entries));
  JavaArchiveLimits limits;
  limits.max_entries = 100;
  Extracted r = run_with(limits, fs, "/many.jar");
  ASSERT_EQ(r.warnings.size(), 1u) << r.warnings_text();
  EXPECT_EQ(r.warnings[0].message, "stopped after 100 entries, the limit for one archive");
  EXPECT_NE(r.find("g:many", "1"), nullptr);
  // Within the default bound: all read, no warning.
  EXPECT_TRUE(run_with(JavaArchiveLimits{}, fs, "/many.jar").warnings.empty());
}

TEST(JavaArchive, HugeMetadataIsRefused) {
  const std::string huge = "groupId=g\nartifactId=huge\nversion=1\n#" + std::string(2u << 20, 'x');
  MemoryFs fs;
  fs.add_file(
      "/huge.jar",
      make_zip({{"META-INF/maven/g/huge/pom.properties", huge},
                {"META-INF/maven/g/fine/pom.properties", pom_properties("g", "fine", "2")}}));
  Extracted r = run_with(JavaArchiveLimits{}, fs, "/huge.jar");
  ASSERT_EQ(r.warnings.size(), 1u) << r.warnings_text();
  EXPECT_EQ(r.warnings[0].message,
            "META-INF/maven/g/huge/pom.properties is larger than 1048576 bytes; skipped");
  ASSERT_EQ(r.components.size(), 1u);
  EXPECT_EQ(r.components[0].name, "g:fine");
}

TEST(JavaArchive, ClaimsAndRecognizes) {
  const Extractor* e = find_extractor("java-archive");
  ASSERT_NE(e, nullptr);
  EXPECT_TRUE(e->self_contained());
  const FileInfo regular{FileType::kRegular, 10, 0644};
  for (const char* name : {"a.jar", "A.JAR", "b.war", "c.ear", "d.hpi", "e.jpi", "f.sar"}) {
    EXPECT_TRUE(e->claims(FileRef{name, name, regular})) << name;
  }
  EXPECT_FALSE(e->claims(FileRef{"a.zip", "a.zip", regular}));
  EXPECT_FALSE(e->claims(FileRef{".jar", ".jar", regular}));
  EXPECT_FALSE(e->claims(FileRef{"a.jar", "a.jar", FileInfo{FileType::kDirectory, 0, 0755}}));
  EXPECT_TRUE(e->recognizes("app.zip", std::string("PK\x03\x04", 4) + "....META-INF/MANIFEST.MF"));
  EXPECT_FALSE(e->recognizes("app.zip", std::string("PK\x03\x04", 4) + "....docs/readme"));
}

// Reference: Debian's Maven repository (/usr/share/maven-repo) keeps each packaged artifact's
// pom beside a link to its jar in /usr/share/java. For every such jar whose own identity comes
// from pom.properties, the component must have the groupId, artifactId and version of the pom
// beside it (read here with pugixml: its own groupId/version or its parent's). A jar without
// its own pom.properties is named from its file and manifest, without a group: it cannot match
// a pom and is only counted, as is how often its artifact and version still agree. The
// "debian" and "N.x" folders are Debian's version aliases.
TEST(JavaArchive, ReferenceDebianMavenRepo) {
  namespace fs = std::filesystem;
  const fs::path repo = "/usr/share/maven-repo";
  std::error_code ec;
  if (!fs::is_directory(repo, ec)) GTEST_SKIP() << "no " << repo;
  int compared = 0, from_file_name = 0, file_name_agrees = 0;
  for (auto it = fs::recursive_directory_iterator(repo, ec);
       it != fs::recursive_directory_iterator(); it.increment(ec)) {
    const fs::path jar = it->path();
    if (jar.extension() != ".jar") continue;
    const std::string version_dir = jar.parent_path().filename().string();
    if (version_dir == "debian" || version_dir.ends_with(".x")) continue;
    fs::path pom = jar;
    pom.replace_extension(".pom");
    if (!fs::exists(pom, ec)) continue;  // a classifier jar ("-shaded", "-no_aop")
    pugi::xml_document doc;
    ASSERT_TRUE(doc.load_file(pom.c_str())) << pom;
    const pugi::xml_node project = doc.child("project");
    std::string group = project.child_value("groupId");
    std::string version = project.child_value("version");
    if (group.empty()) group = project.child("parent").child_value("groupId");
    if (version.empty()) version = project.child("parent").child_value("version");
    const std::string artifact = project.child_value("artifactId");
    const fs::path real = fs::canonical(jar, ec);
    if (ec) continue;
    Extracted r = run_extractor_on_file("java-archive", real.string());
    EXPECT_TRUE(r.warnings.empty()) << real << r.warnings_text();
    const Component* own_from_file = nullptr;
    for (const Component& c : r.components) {
      if (c.version_note.starts_with("no pom.properties")) own_from_file = &c;
    }
    if (own_from_file != nullptr) {
      ++from_file_name;
      if (own_from_file->name == artifact && own_from_file->version == version) {
        ++file_name_agrees;
      }
      continue;
    }
    ++compared;
    const Component* c = r.find(group + ":" + artifact, version);
    ASSERT_NE(c, nullptr) << real << " should contain " << group << ":" << artifact << "@"
                          << version << " per " << pom;
    EXPECT_EQ(c->purl, "pkg:maven/" + group + "/" + artifact + "@" + version);
  }
  if (compared == 0) GTEST_SKIP() << "no jar with pom.properties in " << repo;
  RecordProperty("compared", compared);
  RecordProperty("from_file_name", from_file_name);
  RecordProperty("file_name_agrees", file_name_agrees);
  std::printf(
      "compared %d jars with their poms; %d named from the file (%d agree on artifact and "
      "version)\n",
      compared, from_file_name, file_name_agrees);
}

}  // namespace
}  // namespace upkeep::inventory
