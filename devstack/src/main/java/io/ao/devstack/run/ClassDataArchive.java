package io.ao.devstack.run;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;

/**
 * Application class-data sharing for a service jar: the first start records the classes it loaded
 * into {@code var/cds/<name>.jsa} when the process exits; later starts map that archive instead of
 * loading and verifying those classes again (API ready in about 0.9 s instead of 1.4-1.8 s on a
 * 2-core box, BENCHMARKS.md). A jar rebuilt since the archive was made gets a new archive; an
 * archive the JVM cannot use is ignored with a warning.
 */
final class ClassDataArchive {

  private final Path archive;
  private final Path jar;

  ClassDataArchive(Path directory, String name, Path jar) {
    this.archive = directory.resolve(name + ".jsa");
    this.jar = jar;
  }

  /** The JVM flag for this start: use the archive, or make it at exit. */
  String jvmFlag() {
    try {
      if (Files.exists(archive)
          && Files.getLastModifiedTime(archive).compareTo(Files.getLastModifiedTime(jar)) > 0) {
        return "-XX:SharedArchiveFile=" + archive;
      }
      Files.createDirectories(archive.getParent());
      Files.deleteIfExists(archive);
      return "-XX:ArchiveClassesAtExit=" + archive;
    } catch (IOException e) {
      return "-Xshare:auto"; // no archive then; the start is only slower
    }
  }
}
