package io.ao.loadtest.cli;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Instant;
import java.time.ZoneOffset;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class RunFolderTest {

  private final Clock sameSecond =
      Clock.fixed(Instant.parse("2026-12-01T23:22:37.5Z"), ZoneOffset.UTC);

  @Test
  void runsStartedInTheSameSecondGetFoldersOfTheirOwnAndNoneIsOverwritten(@TempDir Path dir)
      throws Exception {
    Path base = dir.resolve("not/there/yet");
    Path first = RunFolder.create(base, "seed-mix", sameSecond);
    Files.writeString(first.resolve("report.html"), "the first run's report");
    Path second = RunFolder.create(base, "seed-mix", sameSecond);
    Path third = RunFolder.create(base, "seed-mix", sameSecond);
    Path other = RunFolder.create(base, "reads", sameSecond);

    assertThat(first.getFileName()).hasToString("20261201T232237Z-seed-mix");
    assertThat(second.getFileName()).hasToString("20261201T232237Z-seed-mix-2");
    assertThat(third.getFileName()).hasToString("20261201T232237Z-seed-mix-3");
    assertThat(other.getFileName()).hasToString("20261201T232237Z-reads");
    assertThat(first.getParent()).isEqualTo(base);
    assertThat(second).isEmptyDirectory();
    assertThat(Files.readString(first.resolve("report.html"))).isEqualTo("the first run's report");
  }

  @Test
  void aLaterRunSortsAfterAnEarlierOne(@TempDir Path dir) throws Exception {
    Path earlier = RunFolder.create(dir, "writes", sameSecond);
    Path later =
        RunFolder.create(dir, "writes", Clock.offset(sameSecond, java.time.Duration.ofSeconds(1)));
    assertThat(later.getFileName().toString()).isGreaterThan(earlier.getFileName().toString());
    assertThat(later.getFileName()).hasToString("20261201T232238Z-writes");
  }
}
