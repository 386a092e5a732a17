package io.ao.cli.commands;

import static io.ao.cli.http.ApiClient.segment;

import com.fasterxml.jackson.databind.JsonNode;
import io.ao.cli.AoCommand;
import io.ao.cli.CommandGroup;
import io.ao.cli.output.Output;
import java.util.List;
import picocli.CommandLine.Command;
import picocli.CommandLine.Parameters;

/** Tasks by id. */
@Command(
    name = "tasks",
    description = "Look at a task.",
    subcommands = {TasksCommand.Get.class})
public final class TasksCommand extends CommandGroup {

  private static final List<String> ORDER =
      List.of(
          "id",
          "type",
          "queue",
          "state",
          "attempts",
          "max_attempts",
          "last_error",
          "result",
          "payload",
          "worker",
          "request_id",
          "workflow_id",
          "step",
          "created_at",
          "started_at",
          "finished_at",
          "next_run_at",
          "redriven_at",
          "updated_at");

  /** GET /api/tasks/{id}. */
  @Command(name = "get", description = "A task's status: state, attempts, last error, result.")
  static final class Get extends AoCommand {
    @Parameters(paramLabel = "ID", description = "the task id")
    String id;

    @Override
    protected void run() {
      JsonNode task = api().get("/api/tasks/" + segment(id)).send().body();
      Output output = output();
      if (output.json()) {
        output.json(task);
      } else {
        output.fields(task, ORDER);
      }
    }
  }
}
