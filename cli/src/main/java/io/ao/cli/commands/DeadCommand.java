package io.ao.cli.commands;

import static io.ao.cli.http.ApiClient.segment;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.ao.cli.AoCommand;
import io.ao.cli.CliFailure;
import io.ao.cli.CommandGroup;
import io.ao.cli.http.ApiClient;
import io.ao.cli.http.ApiResponse;
import io.ao.cli.output.Output;
import io.ao.cli.output.Table;
import java.time.Duration;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

/** The dead-letter list (dead and failed tasks): list, re-drive, discard; one or all that match. */
@Command(
    name = "dead",
    description = "Dead letters: tasks that used up their attempts or failed for good.",
    subcommands = {DeadCommand.ListDead.class, DeadCommand.Retry.class, DeadCommand.Discard.class})
public final class DeadCommand extends CommandGroup {

  // a bulk change of many thousands of tasks is one request; give it time
  private static final Duration BULK_TIMEOUT = Duration.ofMinutes(5);

  /** GET /api/admin/dead-letters. */
  @Command(name = "list", description = "Dead letters with their last error, oldest first.")
  static final class ListDead extends AoCommand {
    @Option(names = "--queue", paramLabel = "QUEUE", description = "default: the default queue")
    String queue;

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
              .get("/api/admin/dead-letters")
              .query("queue", queue)
              .query("limit", limit)
              .query("cursor", cursor)
              .send()
              .body();
      Output output = output();
      if (output.json()) {
        output.json(page);
        return;
      }
      Table table = new Table("TASK_ID", "TYPE", "STATE", "ATTEMPTS", "FAILED_AT", "ERROR");
      for (JsonNode dead : page.path("items")) {
        table.row(
            Output.cell(dead, "task_id"),
            Output.cell(dead, "type"),
            Output.cell(dead, "state"),
            Output.cell(dead, "attempts"),
            Output.cell(dead, "failed_at"),
            Output.cell(dead, "error"));
      }
      if (table.isEmpty()) {
        output.line("No dead letters");
      } else {
        output.table(table);
      }
      if (page.path("next_cursor").isTextual()) {
        output.line("More: ao dead list --cursor " + page.get("next_cursor").asText());
      }
    }
  }

  /** What retry and discard share: one task by id, or --all that match the filters. */
  abstract static class Action extends AoCommand {
    @Parameters(arity = "0..1", paramLabel = "ID", description = "the task id")
    String id;

    @Option(
        names = "--all",
        description = "every dead letter of the queue that matches the filters")
    boolean all;

    @Option(names = "--type", paramLabel = "TYPE", description = "with --all: only this task type")
    String type;

    @Option(
        names = "--error-contains",
        paramLabel = "TEXT",
        description = "with --all: only those whose last error contains TEXT (any case)")
    String errorContains;

    @Option(names = "--yes", description = "with --all: do not ask (needed when not on a terminal)")
    boolean yes;

    @Option(names = "--queue", paramLabel = "QUEUE", description = "default: the default queue")
    String queue;

    /** "Retry" or "Discard". */
    abstract String verb();

    abstract void one(ApiClient api);

    /** "Retried" or "Discarded". */
    abstract String past();

    /** The bulk endpoint's last path segment: "retry" or "discard". */
    abstract String bulkPath();

    /** The bulk answer's count of changed tasks: "retried" or "discarded". */
    abstract String doneField();

    @Override
    protected void run() {
      if (all == (id != null)) {
        throw CliFailure.usage("give a task ID or --all, not " + (all ? "both" : "neither"));
      }
      if (!all && (type != null || errorContains != null)) {
        throw CliFailure.usage("--type and --error-contains select for --all");
      }
      if (!all) {
        one(api());
        return;
      }
      ApiClient api = api();
      if (!yes && !Confirmation.confirmed(terminal(), question())) {
        output().line("Nothing done");
        return;
      }
      ObjectNode filter = ApiClient.JSON.createObjectNode();
      if (type != null) {
        filter.put("type", type);
      }
      if (errorContains != null) {
        filter.put("error_contains", errorContains);
      }
      JsonNode counts =
          api.post("/api/admin/dead-letters/" + bulkPath())
              .query("queue", queue)
              .body(filter)
              .timeout(BULK_TIMEOUT)
              .send()
              .body();
      Output output = output();
      if (output.json()) {
        output.json(counts);
      } else {
        output.line(
            past()
                + " "
                + counts.path(doneField()).asLong()
                + " of "
                + counts.path("matched").asLong()
                + " matching dead letters");
      }
    }

    private String question() {
      StringBuilder question =
          new StringBuilder(verb())
              .append(" every dead letter of queue ")
              .append(queue == null ? "default" : queue);
      if (type != null) {
        question.append(" of type ").append(type);
      }
      if (errorContains != null) {
        question.append(" whose error contains \"").append(errorContains).append('"');
      }
      return question.append('?').toString();
    }
  }

  /** POST /api/admin/dead-letters/{id}/retry, or POST /api/admin/dead-letters/retry (--all). */
  @Command(name = "retry", description = "Re-drive dead letters with fresh attempts.")
  static final class Retry extends Action {
    @Override
    String verb() {
      return "Retry";
    }

    @Override
    String past() {
      return "Retried";
    }

    @Override
    String bulkPath() {
      return "retry";
    }

    @Override
    String doneField() {
      return "retried";
    }

    @Override
    void one(ApiClient api) {
      ApiResponse answer =
          api.post("/api/admin/dead-letters/" + segment(id) + "/retry")
              .query("queue", queue)
              .send();
      Output output = output();
      if (output.json()) {
        output.json(answer.body());
      } else {
        output.line(
            "Re-driven "
                + id
                + ": "
                + Output.cell(answer.body(), "status")
                + " (ao tasks get "
                + id
                + ")");
      }
    }
  }

  /** DELETE /api/admin/dead-letters/{id}, or POST /api/admin/dead-letters/discard (--all). */
  @Command(name = "discard", description = "Take dead letters off the list for good.")
  static final class Discard extends Action {
    @Override
    String verb() {
      return "Discard";
    }

    @Override
    String past() {
      return "Discarded";
    }

    @Override
    String bulkPath() {
      return "discard";
    }

    @Override
    String doneField() {
      return "discarded";
    }

    @Override
    void one(ApiClient api) {
      api.delete("/api/admin/dead-letters/" + segment(id)).query("queue", queue).send();
      Output output = output();
      if (output.json()) {
        output.json(ApiClient.JSON.createObjectNode().put("task_id", id).put("discarded", true));
      } else {
        output.line("Discarded " + id);
      }
    }
  }
}
