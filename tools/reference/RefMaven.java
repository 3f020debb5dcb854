// SPDX-License-Identifier: Apache-2.0
//
// Reference for the maven scheme: Maven's own ComparableVersion from maven-artifact 3.8.7
// (/usr/share/java/maven3-artifact.jar, Debian libmaven3-core-java). Reads "A<TAB>B" lines as
// bytes, prints < = > per line, or ! when either side is rejected (or empty, or the line does not
// hold exactly one tab). ComparableVersion itself accepts every string; the rejections below are
// upkeep's, applied here so the differential test stays an exact equality.
import java.io.BufferedInputStream;
import java.io.BufferedOutputStream;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import org.apache.maven.artifact.versioning.ComparableVersion;

public final class RefMaven {
  // Maven's model validator refuses these in a project version (DefaultModelValidator's
  // ILLEGAL_VERSION_CHARS): no artifact with such a version can be built or deployed.
  private static final String BANNED = "\\/:\"<>|?*";

  // upkeep is deliberately stricter than ComparableVersion here: the empty string, control bytes,
  // spaces, non-ASCII bytes (Java's Character.isDigit and toLowerCase would give them meanings
  // no real Maven version relies on) and Maven's banned filesystem characters are invalid.
  private static boolean strictReject(byte[] v) {
    if (v.length == 0) return true;
    for (byte b : v) {
      int u = b & 0xff;
      if (u <= 0x20 || u >= 0x7f || BANNED.indexOf(u) >= 0) return true;
    }
    return false;
  }

  private static String answer(byte[] line) {
    int tab = -1;
    for (int i = 0; i < line.length; i++) {
      if (line[i] == '\t') {
        if (tab >= 0) return "!";
        tab = i;
      }
    }
    if (tab < 0) return "!";
    byte[] a = java.util.Arrays.copyOfRange(line, 0, tab);
    byte[] b = java.util.Arrays.copyOfRange(line, tab + 1, line.length);
    if (strictReject(a) || strictReject(b)) return "!";
    ComparableVersion va = new ComparableVersion(new String(a, StandardCharsets.ISO_8859_1));
    ComparableVersion vb = new ComparableVersion(new String(b, StandardCharsets.ISO_8859_1));
    int c = va.compareTo(vb);
    return c < 0 ? "<" : (c > 0 ? ">" : "=");
  }

  public static void main(String[] args) throws IOException {
    InputStream in = new BufferedInputStream(System.in, 1 << 16);
    OutputStream out = new BufferedOutputStream(System.out, 1 << 16);
    ByteArrayOutputStream line = new ByteArrayOutputStream();
    int c;
    boolean pending = false;
    while ((c = in.read()) >= 0) {
      if (c == '\n') {
        out.write((answer(line.toByteArray()) + "\n").getBytes(StandardCharsets.US_ASCII));
        line.reset();
        pending = false;
      } else {
        line.write(c);
        pending = true;
      }
    }
    if (pending) out.write((answer(line.toByteArray()) + "\n").getBytes(StandardCharsets.US_ASCII));
    out.flush();
  }
}
