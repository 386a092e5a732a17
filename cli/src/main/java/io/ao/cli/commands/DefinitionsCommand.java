package io.ao.cli.commands;

import static io.ao.cli.http.ApiClient.segment;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.ao.cli.AoCommand;
import io.ao.cli.CommandGroup;
import io.ao.cli.http.ApiClient;
import io.ao.cli.http.ApiResponse;
import io.ao.cli.output.Output;
import io.ao.cli.output.Table;
import java.nio.file.Path;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

/** Workflow definitions: list, read one (a version), apply a file. */
@Command(
    name = "definitions",
    description = "Workflow definitions.",
    subcommands = {
      DefinitionsCommand.ListDefinitions.class,
      DefinitionsCommand.Get.class,
      DefinitionsCommand.Apply.class
    })
public final class DefinitionsCommand extends CommandGroup {

  private static final String PATH = "/api/workflows/definitions";

  /** GET /api/workflows/definitions. */
  @Command(name = "list", description = "The latest version of each enabled definition.")
  static final class ListDefinitions extends AoCommand {
    @Override
    protected void run() {
      JsonNode page = api().get(PATH).send().body();
      Output output = output();
      if (output.json()) {
        output.json(page);
        return;
      }
      Table table = new Table("NAME", "VERSION", "STEPS", "TRIGGER", "UNIQUE", "DESCRIPTION");
      for (JsonNode definition : page.path("items")) {
        table.row(
            Output.cell(definition, "name"),
            Output.cell(definition, "version"),
            Integer.toString(definition.path("steps").size()),
            Output.cell(definition, "trigger"),
            Output.cell(definition, "unique"),
            Output.cell(definition, "description"));
      }
      if (table.isEmpty()) {
        output.line("No definitions");
      } else {
        output.table(table);
      }
    }
  }

  /** GET /api/workflows/definitions/{name}[/versions/{n}]. */
  @Command(name = "get", description = "A definition: its latest version, or --version N.")
  static final class Get extends AoCommand {
    @Parameters(paramLabel = "NAME")
    String name;

    @Option(names = "--version", paramLabel = "N", description = "a given version")
    Integer version;

    @Override
    protected void run() {
      String path = PATH + "/" + segment(name) + (version == null ? "" : "/versions/" + version);
      JsonNode definition = api().get(path).send().body();
      Output output = output();
      if (output.json()) {
        output.json(definition);
        return;
      }
      ObjectNode summary = definition.deepCopy();
      summary.remove("steps");
      output.fields(summary);
      Table steps = new Table("STEP", "DOES");
      for (JsonNode step : definition.path("steps")) {
        ObjectNode does = step.deepCopy();
        does.remove("name");
        steps.row(Output.cell(step, "name"), does.toString());
      }
      output.line("");
      output.table(steps);
    }
  }

  /**
   * POST the file's definition (version 1); when one of that name exists (409), PUT it as the next
   * version. The server checks it whole: a 422 names each field that keeps it from running.
   */
  @Command(
      name = "apply",
      description = "Create a definition from a YAML or JSON file, or make it the next version.")
  static final class Apply extends AoCommand {
    @Option(
        names = {"-f", "--file"},
        required = true,
        paramLabel = "FILE",
        description = "a definition; .yaml/.yml is read as YAML, anything else as JSON")
    Path file;

    @Override
    protected void run() {
      JsonNode definition = DefinitionFile.read(file);
      String name = definition.get("name").asText();
      ApiClient api = api();
      ApiResponse created = api.post(PATH).body(definition).accept(409).send();
      boolean isNew = created.status() != 409;
      JsonNode stored =
          isNew
              ? created.body()
              : api.put(PATH + "/" + segment(name)).body(definition).send().body();
      Output output = output();
      if (output.json()) {
        output.json(stored);
      } else {
        output.line(
            (isNew ? "Created " : "Updated ")
                + name
                + ": version "
                + Output.cell(stored, "version")
                + " ("
                + stored.path("steps").size()
                + " steps)");
      }
    }
  }
}
