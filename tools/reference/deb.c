/* SPDX-License-Identifier: Apache-2.0
 *
 * Reference for the deb scheme: dpkg's own parser and comparator (libdpkg from libdpkg-dev).
 * Reads "A<TAB>B" lines, prints < = > per line, or ! when dpkg reports an error or a syntax
 * warning for either side (or either side is empty). */
#define LIBDPKG_VOLATILE_API 1
#include <dpkg/dpkg-db.h>
#include <dpkg/dpkg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

static int parse(const char* s, struct dpkg_version* v) {
  struct dpkg_error err;
  if (*s == '\0') return -1;
  if (parseversion(v, s, &err) < 0) {
    dpkg_error_destroy(&err);
    return -1;
  }
  return 0;
}

int main(void) {
  char* line = NULL;
  size_t cap = 0;
  ssize_t n;
  while ((n = getline(&line, &cap, stdin)) >= 0) {
    if (n > 0 && line[n - 1] == '\n') line[--n] = '\0';
    struct dpkg_version a, b;
    /* upkeep is deliberately stricter than dpkg in one place: control and non-ASCII bytes make a
     * version invalid (dpkg's strtol() would skip a leading '\v' in an epoch, for one). */
    int strict_reject = 0;
    for (ssize_t i = 0; i < n; i++) {
      unsigned char u = (unsigned char)line[i];
      if ((u < 0x20 && u != '\t') || u >= 0x7f) strict_reject = 1;
    }
    char* tab = strchr(line, '\t');
    if (strict_reject || tab == NULL || strchr(tab + 1, '\t') != NULL) {
      puts("!");
      continue;
    }
    *tab = '\0';
    if (parse(line, &a) < 0 || parse(tab + 1, &b) < 0) {
      puts("!");
      continue;
    }
    int c = dpkg_version_compare(&a, &b);
    puts(c < 0 ? "<" : (c > 0 ? ">" : "="));
  }
  free(line);
  return 0;
}
