package io.ao.cli.commands;

import static io.ao.cli.http.ApiClient.segment;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.ao.cli.AoCommand;
import io.ao.cli.CommandGroup;
import io.ao.cli.output.Output;
import io.ao.cli.output.Table;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

/** Workflow runs: list (filtered), one with its steps, cancel. */
@Command(
    name = "runs",
    description = "Workflow runs.",
    subcommands = {RunsCommand.ListRuns.class, RunsCommand.Get.class, RunsCommand.Cancel.class})
public final class RunsCommand extends CommandGroup {

  /** GET /api/workflows. */
  @Command(name = "list", description = "Runs, newest first.")
  static final class ListRuns extends AoCommand {
    @Option(names = "--lead", paramLabel = "LEAD_ID", description = "one lead's runs")
    String lead;

    @Option(names = "--workflow", paramLabel = "NAME", description = "one workflow's runs")
    String workflow;

    @Option(
        names = "--status",
        paramLabel = "STATUS",
        description = "queued, running, waiting, succeeded, failed or cancelled")
    String status;

    @Option(
        names = "--limit",
        paramLabel = "N",
        description = "a page's size (server: 50, max 500)")
    Integer limit;

    @Option(names = "--cursor", paramLabel = "CURSOR", description = "the next page, as printed")
    String cursor;

    @Override
    protected void run() {
      JsonNode page =
          api()
              .get("/api/workflows")
              .query("lead_id", lead)
              .query("workflow", workflow)
              .query("status", status)
              .query("limit", limit)
              .query("cursor", cursor)
              .send()
              .body();
      Output output = output();
      if (output.json()) {
        output.json(page);
        return;
      }
      Table table =
          new Table("RUN", "WORKFLOW", "VERSION", "LEAD", "STATUS", "CURRENT_STEP", "CREATED_AT");
      for (JsonNode run : page.path("items")) {
        table.row(
            Output.cell(run, "workflow_id"),
            Output.cell(run, "workflow"),
            Output.cell(run, "definition_version"),
            Output.cell(run, "lead_id"),
            Output.cell(run, "status"),
            Output.cell(run, "current_step"),
            Output.cell(run, "created_at"));
      }
      if (table.isEmpty()) {
        output.line("No runs");
      } else {
        output.table(table);
      }
      if (page.path("next_cursor").isTextual()) {
        output.line("More: ao runs list --cursor " + page.get("next_cursor").asText());
      }
    }
  }

  /** GET /api/workflows/{id}/status. */
  @Command(name = "get", description = "A run and its steps.")
  static final class Get extends AoCommand {
    @Parameters(paramLabel = "RUN_ID")
    String id;

    @Override
    protected void run() {
      JsonNode run = api().get("/api/workflows/" + segment(id) + "/status").send().body();
      print(output(), run);
    }
  }

  /** POST /api/workflows/{id}/cancel. */
  @Command(
      name = "cancel",
      description = "Cancel a run: a running step finishes, no later one starts.")
  static final class Cancel extends AoCommand {
    @Parameters(paramLabel = "RUN_ID")
    String id;

    @Override
    protected void run() {
      JsonNode run = api().post("/api/workflows/" + segment(id) + "/cancel").send().body();
      Output output = output();
      if (output.json()) {
        output.json(run);
      } else {
        output.line("Run " + id + ": " + Output.cell(run, "status"));
      }
    }
  }

  static void print(Output output, JsonNode run) {
    if (output.json()) {
      output.json(run);
      return;
    }
    ObjectNode summary = run.deepCopy();
    summary.remove("steps");
    output.fields(summary);
    Table steps =
        new Table(
            "STEP", "KIND", "STATUS", "ATTEMPTS", "STARTED_AT", "FINISHED_AT", "WAKE_AT", "ERROR");
    for (JsonNode step : run.path("steps")) {
      steps.row(
          Output.cell(step, "name"),
          Output.cell(step, "kind"),
          Output.cell(step, "status"),
          Output.cell(step, "attempts"),
          Output.cell(step, "started_at"),
          Output.cell(step, "finished_at"),
          Output.cell(step, "wake_at"),
          Output.cell(step, "error"));
    }
    if (!steps.isEmpty()) {
      output.line("");
      output.table(steps);
    }
  }
}
