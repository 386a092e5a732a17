package io.ao.devstack.run;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;

/**
 * Application class-data sharing for a service jar: the first start records the classes it loaded
 * into {@code var/cds/<name>.jsa} when the process exits; later starts map that archive instead of
 * loading and verifying those classes again (API ready in about 0.9 s instead of 1.4-1.8 s on a
 * 2-core box, BENCHMARKS.md). A jar rebuilt since the archive was made gets a new archive; an
 * archive the JVM cannot use is ignored. The JVM's CDS warnings (dozens of classes it cannot
 * archive, printed when the archive is made at exit) go to {@code var/cds/<name>-cds.log}, not to
 * the terminal.
 */
final class ClassDataArchive {

  private final Path archive;
  private final Path log;
  private final Path jar;

  ClassDataArchive(Path directory, String name, Path jar) {
    this.archive = directory.resolve(name + ".jsa");
    this.log = directory.resolve(name + "-cds.log");
    this.jar = jar;
  }

  /** The JVM flags for this start: the archive flag, and the CDS log kept off the terminal. */
  List<String> jvmFlags() {
    String flag = jvmFlag();
    // a log file the JVM cannot open stops it from starting: only where its folder exists
    return Files.isDirectory(log.getParent())
        ? List.of(flag, "-Xlog:cds*=off", "-Xlog:cds*=warning:file=" + log + "::filecount=0")
        : List.of(flag);
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
