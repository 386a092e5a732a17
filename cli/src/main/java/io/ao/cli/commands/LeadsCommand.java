package io.ao.cli.commands;

import static io.ao.cli.http.ApiClient.segment;

import com.fasterxml.jackson.databind.JsonNode;
import io.ao.cli.AoCommand;
import io.ao.cli.CommandGroup;
import io.ao.cli.output.Output;
import io.ao.cli.output.Table;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

/** Leads: one by id, or a filtered list. */
@Command(
    name = "leads",
    description = "Leads.",
    subcommands = {LeadsCommand.Get.class, LeadsCommand.ListLeads.class})
public final class LeadsCommand extends CommandGroup {

  /** GET /api/leads/{id}. */
  @Command(name = "get", description = "A lead with its score and CRM sync state.")
  static final class Get extends AoCommand {
    @Parameters(paramLabel = "LEAD_ID")
    String id;

    @Override
    protected void run() {
      JsonNode lead = api().get("/api/leads/" + segment(id)).send().body();
      Output output = output();
      if (output.json()) {
        output.json(lead);
      } else {
        output.fields(lead);
      }
    }
  }

  /** GET /api/leads. */
  @Command(name = "list", description = "Leads, newest first.")
  static final class ListLeads extends AoCommand {
    @Option(names = "--status", paramLabel = "STATUS")
    String status;

    @Option(names = "--source", paramLabel = "SOURCE")
    String source;

    @Option(names = "--campaign", paramLabel = "CAMPAIGN_ID")
    String campaign;

    @Option(names = "--crm-sync-state", paramLabel = "STATE")
    String crmSyncState;

    @Option(
        names = {"-q", "--query"},
        paramLabel = "PREFIX",
        description = "a name, email or company prefix")
    String query;

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
              .get("/api/leads")
              .query("status", status)
              .query("source", source)
              .query("campaign_id", campaign)
              .query("crm_sync_state", crmSyncState)
              .query("q", query)
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
          new Table("ID", "EMAIL", "NAME", "COMPANY", "STATUS", "SCORE", "CRM", "CREATED_AT");
      for (JsonNode lead : page.path("items")) {
        String name =
            (lead.path("first_name").asText("") + " " + lead.path("last_name").asText("")).trim();
        table.row(
            Output.cell(lead, "id"),
            Output.cell(lead, "email"),
            name.isEmpty() ? "-" : name,
            Output.cell(lead, "company"),
            Output.cell(lead, "status"),
            Output.cell(lead, "score"),
            Output.cell(lead, "crm_sync_state"),
            Output.cell(lead, "created_at"));
      }
      if (table.isEmpty()) {
        output.line("No leads");
      } else {
        output.table(table);
      }
      if (page.path("next_cursor").isTextual()) {
        output.line("More: ao leads list --cursor " + page.get("next_cursor").asText());
      }
    }
  }
}
