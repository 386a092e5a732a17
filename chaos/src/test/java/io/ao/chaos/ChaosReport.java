package io.ao.chaos;

import io.vertx.core.json.JsonObject;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;

/**
 * What a scenario leaves behind: its figures as JSON, and its row of the RELIABILITY.md table
 * (fault | how injected | requests/tasks during it | accepted writes lost | duplicate side effects
 * | recovery time).
 */
final class ChaosReport {

  private final Path dir;

  ChaosReport(Path dir) {
    this.dir = dir;
  }

  record Row(
      String id,
      String fault,
      String howInjected,
      String duringFault,
      int lost,
      int duplicates,
      String recovery) {
    String markdown() {
      return "| "
          + fault
          + " | "
          + howInjected
          + " | "
          + duringFault
          + " | "
          + lost
          + " | "
          + duplicates
          + " | "
          + recovery
          + " |";
    }
  }

  void write(Row row, Verdict verdict, JsonObject details) throws IOException {
    write(row, verdict.toJson(), details);
  }

  /** For a row whose verdict is its own (the workflow row's), not the steady load's. */
  void write(Row row, JsonObject verdict, JsonObject details) throws IOException {
    Files.createDirectories(dir);
    JsonObject json =
        new JsonObject()
            .put("id", row.id())
            .put("fault", row.fault())
            .put("how_injected", row.howInjected())
            .put("during_fault", row.duringFault())
            .put("accepted_writes_lost", row.lost())
            .put("duplicate_side_effects", row.duplicates())
            .put("recovery", row.recovery())
            .put("verdict", verdict)
            .put("details", details);
    Files.writeString(dir.resolve(row.id() + ".json"), json.encodePrettily() + "\n");
    Files.writeString(
        dir.resolve("table.md"),
        row.markdown() + "\n",
        StandardOpenOption.CREATE,
        StandardOpenOption.APPEND);
  }
}
