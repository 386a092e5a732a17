package io.ao.loadtest.cli;

import java.io.IOException;
import java.nio.file.FileAlreadyExistsException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;

/**
 * Each run's own folder, {@code <base>/<UTC start time>-<scenario>/}, e.g. {@code
 * target/loadtest/20261201T232237Z-seed-mix/}: a run never writes into a folder that already
 * exists, so no run overwrites another's report. Two runs started in the same second get {@code
 * -2}, {@code -3}, ... appended.
 */
public final class RunFolder {

  private static final DateTimeFormatter STAMP =
      DateTimeFormatter.ofPattern("yyyyMMdd'T'HHmmss'Z'").withZone(ZoneOffset.UTC);

  private RunFolder() {}

  public static Path create(Path base, String scenario, Clock clock) throws IOException {
    Files.createDirectories(base);
    String name = STAMP.format(clock.instant()) + "-" + scenario;
    for (int n = 1; ; n++) {
      Path candidate = base.resolve(n == 1 ? name : name + "-" + n);
      try {
        // atomic: of two runs racing for the same name, one gets it and the other tries the next
        return Files.createDirectory(candidate);
      } catch (FileAlreadyExistsException taken) {
        // next suffix
      }
    }
  }
}
