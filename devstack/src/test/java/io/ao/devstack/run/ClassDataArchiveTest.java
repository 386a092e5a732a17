package io.ao.devstack.run;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.FileTime;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class ClassDataArchiveTest {

  @TempDir Path dir;

  @Test
  void theFirstStartMakesTheArchiveAndLaterStartsUseIt() throws Exception {
    Path jar = Files.writeString(dir.resolve("api.jar"), "jar");
    ClassDataArchive classes = new ClassDataArchive(dir.resolve("cds"), "api", jar);

    assertThat(classes.jvmFlag())
        .isEqualTo("-XX:ArchiveClassesAtExit=" + dir.resolve("cds/api.jsa"));
    assertThat(dir.resolve("cds")).isDirectory();

    Path archive = Files.writeString(dir.resolve("cds/api.jsa"), "archive");
    Files.setLastModifiedTime(jar, FileTime.fromMillis(1_000_000));
    Files.setLastModifiedTime(archive, FileTime.fromMillis(2_000_000));
    assertThat(classes.jvmFlag()).isEqualTo("-XX:SharedArchiveFile=" + archive);
  }

  @Test
  void theJvmsCdsWarningsGoToALogFileNotTheTerminal() throws Exception {
    Path jar = Files.writeString(dir.resolve("api.jar"), "jar");

    assertThat(new ClassDataArchive(dir.resolve("cds"), "api", jar).jvmFlags())
        .containsExactly(
            "-XX:ArchiveClassesAtExit=" + dir.resolve("cds/api.jsa"),
            "-Xlog:cds*=off",
            "-Xlog:cds*=warning:file=" + dir.resolve("cds/api-cds.log") + "::filecount=0");
  }

  @Test
  void aJarRebuiltAfterTheArchiveGetsANewOne() throws Exception {
    Path jar = Files.writeString(dir.resolve("worker.jar"), "jar");
    Files.createDirectories(dir.resolve("cds"));
    Path archive = Files.writeString(dir.resolve("cds/worker.jsa"), "stale");
    Files.setLastModifiedTime(archive, FileTime.fromMillis(1_000_000));
    Files.setLastModifiedTime(jar, FileTime.fromMillis(2_000_000));

    assertThat(new ClassDataArchive(dir.resolve("cds"), "worker", jar).jvmFlag())
        .isEqualTo("-XX:ArchiveClassesAtExit=" + archive);
    assertThat(archive).doesNotExist();
  }
}
