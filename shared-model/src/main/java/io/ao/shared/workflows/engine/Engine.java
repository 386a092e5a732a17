package io.ao.shared.workflows.engine;

import io.ao.shared.queue.QueueKeys;
import io.ao.shared.workflows.WorkflowKeys;
import io.vertx.redis.client.Redis;
import java.util.UUID;
import java.util.function.LongSupplier;

/**
 * The workflow engine's parts over one Redis, as both services use them: the definitions (stored
 * and the enabled ones cached), the planner, the run scripts and reads, and what lead writes do to
 * runs. Runs live in the home partition of the default queue, beside the leads.
 */
public record Engine(
    WorkflowKeys keys,
    DefinitionStore definitions,
    EnabledDefinitions enabled,
    Planner planner,
    RunScripts scripts,
    RunReader runs,
    LeadWriteEffects leadWrites) {

  /** How long a process trusts its cached list of enabled definitions before it looks again. */
  public static final long ENABLED_MAX_AGE_MS = 1_000;

  public static Engine over(
      Redis redis,
      QueueKeys home,
      int maxAttempts,
      long retentionSeconds,
      Planner.ExpressionErrors errors,
      LongSupplier clock) {
    WorkflowKeys keys = new WorkflowKeys(home);
    DefinitionStore definitions = new DefinitionStore(redis, keys, clock);
    EnabledDefinitions enabled = new EnabledDefinitions(definitions, ENABLED_MAX_AGE_MS, clock);
    Planner planner = new Planner(maxAttempts, clock, errors);
    RunReader runs = new RunReader(redis, keys);
    return new Engine(
        keys,
        definitions,
        enabled,
        planner,
        new RunScripts(redis, keys, retentionSeconds, clock),
        runs,
        new LeadWriteEffects(
            enabled, definitions, runs, planner, errors, () -> UUID.randomUUID().toString()));
  }
}
