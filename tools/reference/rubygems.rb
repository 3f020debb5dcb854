# SPDX-License-Identifier: Apache-2.0
#
# Reference for the rubygems scheme: RubyGems' own Gem::Version (Debian's ruby, RubyGems 3.3).
# Reads "A<TAB>B" lines, prints < = > per line, or ! when Gem::Version.correct? rejects either side
# (or a line is not two tab-separated fields).
require "rubygems"

Gem::Deprecate.skip = true # no warnings on stderr

def valid?(s)
  # upkeep is deliberately stricter than RubyGems in one place: the empty or all-whitespace string
  # is correct? here and reads as "0", but it is never a real version, so upkeep rejects it.
  return false if s.empty? || s.match?(/\A\s*\z/)

  Gem::Version.correct?(s)
end

$stdin.binmode
$stdout.sync = false
$stdin.each_line("\n") do |line|
  line = line.b.delete_suffix("\n").delete_suffix("\r") # the CLI drops a final CR as well
  fields = line.split("\t", -1)
  if fields.size != 2 || !valid?(fields[0]) || !valid?(fields[1])
    puts "!"
    next
  end
  c = Gem::Version.new(fields[0]) <=> Gem::Version.new(fields[1])
  puts(c.negative? ? "<" : (c.positive? ? ">" : "="))
end
