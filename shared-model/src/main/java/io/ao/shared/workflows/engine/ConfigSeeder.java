package io.ao.shared.workflows.engine;

import io.ao.shared.email.EmailTemplateStore;
import io.ao.shared.workflows.WorkflowDefinition;
import io.vertx.core.Future;
import io.vertx.core.Vertx;
import io.vertx.core.json.JsonObject;
import java.util.ArrayList;
import java.util.List;
import org.slf4j.Logger;

/**
 * Seeds what the configuration holds that the API also writes: version 1 of each definition of the
 * {@code workflows} section, and each template of {@code email.templates}, at start, never over one
 * that exists (one written through the API wins). Both services seed, so whichever starts first
 * serves the configured workflows; while Redis is unreachable it tries again every few seconds.
 */
public final class ConfigSeeder {

  private static final long RETRY_MS = 5_000;

  private ConfigSeeder() {}

  /** Seeds once; completes with the names seeded now (the others existed). */
  public static Future<List<String>> seed(
      DefinitionStore store,
      List<WorkflowDefinition> configured,
      EmailTemplateStore templates,
      JsonObject configuredTemplates) {
    List<Future<DefinitionStore.Written>> writes = new ArrayList<>();
    configured.forEach(definition -> writes.add(store.seed(definition)));
    Future<List<String>> seededTemplates =
        templates.seed(configuredTemplates, System.currentTimeMillis());
    return Future.all(new ArrayList<>(writes))
        .compose(
            done ->
                seededTemplates.map(
                    newTemplates -> {
                      List<String> seeded = new ArrayList<>();
                      for (int i = 0; i < configured.size(); i++) {
                        if (writes.get(i).result().ok()) {
                          seeded.add("workflow " + configured.get(i).name());
                        }
                      }
                      newTemplates.forEach(name -> seeded.add("email template " + name));
                      return seeded;
                    }));
  }

  /**
   * Seeds, and on failure tries again every {@value #RETRY_MS} ms until it succeeds. Completes when
   * the first attempt ended, whatever its outcome, so a service starts with its workflows in place
   * when Redis is up and starts anyway (degraded) when it is not.
   */
  public static Future<Void> keepSeeding(
      Vertx vertx,
      DefinitionStore store,
      List<WorkflowDefinition> configured,
      EmailTemplateStore templates,
      JsonObject configuredTemplates,
      Logger log) {
    return seed(store, configured, templates, configuredTemplates)
        .onSuccess(
            seeded -> {
              if (!seeded.isEmpty()) {
                log.info("seeded from the configuration: {}", seeded);
              }
            })
        .onFailure(
            failure -> {
              log.warn(
                  "could not seed the configured workflows and email templates ({}); retrying in {} ms",
                  failure.getMessage(),
                  RETRY_MS);
              vertx.setTimer(
                  RETRY_MS,
                  id -> keepSeeding(vertx, store, configured, templates, configuredTemplates, log));
            })
        .<Void>mapEmpty()
        .otherwiseEmpty();
  }
}
