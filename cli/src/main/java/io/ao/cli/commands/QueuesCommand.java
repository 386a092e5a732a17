package io.ao.cli.commands;

import com.fasterxml.jackson.databind.JsonNode;
import io.ao.cli.AoCommand;
import io.ao.cli.output.Output;
import io.ao.cli.output.Table;
import picocli.CommandLine.Command;

/** GET /api/admin/queues: each queue's figures. */
@Command(name = "queues", description = "Each queue's depth, in flight, delayed and dead tasks.")
public final class QueuesCommand extends AoCommand {

  @Override
  protected void run() {
    JsonNode page = api().get("/api/admin/queues").send().body();
    Output output = output();
    if (output.json()) {
      output.json(page);
      return;
    }
    Table table =
        new Table("QUEUE", "DEPTH", "PENDING", "DELAYED", "DEAD", "CONSUMERS", "LAG", "OLDEST_MS");
    for (JsonNode queue : page.path("items")) {
      table.row(
          Output.cell(queue, "queue"),
          Output.cell(queue, "depth"),
          Output.cell(queue, "pending"),
          Output.cell(queue, "delayed"),
          Output.cell(queue, "dead"),
          Output.cell(queue, "consumers"),
          Output.cell(queue, "lag"),
          Output.cell(queue, "oldest_pending_age_ms"));
    }
    output.table(table);
  }
}
