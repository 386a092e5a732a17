package io.ao.shared.workflows.engine;

import static org.assertj.core.api.Assertions.assertThat;

import io.ao.devstack.junit.RedisServerExtension;
import io.ao.devstack.redis.LocalRedisServer;
import io.ao.shared.queue.QueueKeys;
import io.ao.shared.workflows.DefinitionCheck;
import io.ao.shared.workflows.WorkflowDefinition;
import io.ao.shared.workflows.WorkflowKeys;
import io.vertx.core.Future;
import io.vertx.core.Vertx;
import io.vertx.core.json.JsonObject;
import io.vertx.redis.client.Command;
import io.vertx.redis.client.Redis;
import io.vertx.redis.client.RedisOptions;
import io.vertx.redis.client.Request;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

/**
 * The run listings lose the ids of runs whose hash expired (run_listing_trim.lua), and keep those
 * of runs that still exist: ended ones not yet expired, and runs that have not ended.
 */
@ExtendWith(RedisServerExtension.class)
class RunListingTrimTest {

  private static final long RETENTION_S = 600;
  private static final String ENDS =
      "{\"name\":\"ends\",\"steps\":[{\"name\":\"done\",\"end\":true}]}";
  private static final String WAITS =
      "{\"name\":\"waits\",\"steps\":[{\"name\":\"nap\",\"wait\":\"P30D\"}]}";
  private static Vertx vertx;
  private static Redis redis;

  private final AtomicLong clock = new AtomicLong(1_700_000_000_000L);
  private Engine engine;
  private WorkflowKeys keys;

  @BeforeAll
  static void connect(LocalRedisServer server) {
    vertx = Vertx.vertx();
    redis = Redis.createClient(vertx, new RedisOptions().setConnectionString(server.url()));
  }

  @AfterAll
  static void close() {
    await(vertx.close());
  }

  @BeforeEach
  void fresh() {
    await(redis.send(Request.cmd(Command.FLUSHALL)));
    engine =
        Engine.over(
            redis, new QueueKeys("ao", "default"), 3, RETENTION_S, (w, where) -> {}, clock::get);
    keys = engine.keys();
  }

  @Test
  void expiredRunsLeaveEveryListingAndLiveRunsStay() {
    WorkflowDefinition ends = definition(ENDS);
    start(ends, "gone-1", "lead-a");
    start(ends, "gone-2", "lead-a");
    start(ends, "kept", "lead-b");
    start(definition(WAITS), "waiting", "lead-a");
    assertThat(await(engine.runs().run("gone-1")).status()).isEqualTo("succeeded");
    assertThat(card(keys.runs())).isEqualTo(4);

    assertThat(await(engine.scripts().trimListings(100)))
        .as("nothing has expired yet")
        .isEqualTo(new RunScripts.Trimmed(0, 0));

    // Redis expires the first two (as it would RETENTION_S after they ended); "kept" has
    // been given longer, as if another process's clock ran behind
    del(keys.run("gone-1"));
    del(keys.run("gone-2"));
    await(redis.send(Request.cmd(Command.EXPIRE).arg(keys.run("kept")).arg(3 * RETENTION_S)));
    clock.addAndGet(TimeUnit.SECONDS.toMillis(RETENTION_S) + 1);

    assertThat(await(engine.scripts().trimListings(100))).isEqualTo(new RunScripts.Trimmed(2, 3));
    assertThat(members(keys.runs())).containsExactlyInAnyOrder("kept", "waiting");
    assertThat(members(keys.runsOf("ends"))).containsExactly("kept");
    assertThat(members(keys.runsOfLead("lead-a"))).containsExactly("waiting");
    assertThat(members(keys.runsOfLead("lead-b"))).containsExactly("kept");
    assertThat(card(keys.expiringRuns())).as("kept is looked at again later").isEqualTo(1);
    assertThat(await(engine.scripts().trimListings(100)))
        .as("and not before its hash can have expired")
        .isEqualTo(new RunScripts.Trimmed(0, 0));

    del(keys.run("kept"));
    clock.addAndGet(TimeUnit.SECONDS.toMillis(3 * RETENTION_S));
    assertThat(await(engine.scripts().trimListings(100))).isEqualTo(new RunScripts.Trimmed(1, 1));
    assertThat(members(keys.runs())).containsExactly("waiting");
    assertThat(card(keys.runsOfLead("lead-b"))).isZero();
    assertThat(card(keys.expiringRuns())).isZero();
  }

  @Test
  void aTrimTakesAtMostItsBatch() {
    WorkflowDefinition ends = definition(ENDS);
    for (int i = 0; i < 7; i++) {
      start(ends, "run-" + i, "");
      del(keys.run("run-" + i));
    }
    clock.addAndGet(TimeUnit.SECONDS.toMillis(RETENTION_S) + 1);
    assertThat(await(engine.scripts().trimListings(5))).isEqualTo(new RunScripts.Trimmed(5, 5));
    assertThat(await(engine.scripts().trimListings(5))).isEqualTo(new RunScripts.Trimmed(2, 2));
    assertThat(card(keys.runs())).isZero();
  }

  private static WorkflowDefinition definition(String json) {
    DefinitionCheck check = WorkflowDefinition.parse(new JsonObject(json), Set.of("noop"));
    assertThat(check.problems()).isEmpty();
    return check.definition().withVersion(1);
  }

  private void start(WorkflowDefinition definition, String runId, String leadId) {
    Plan plan = engine.planner().start(definition, runId, null, "");
    RunScripts.Started started =
        await(engine.scripts().start(new RunStart(runId, definition, leadId, "", "api", plan)));
    assertThat(started.started()).isTrue();
  }

  private void del(String key) {
    await(redis.send(Request.cmd(Command.DEL).arg(key)));
  }

  private long card(String key) {
    return await(redis.send(Request.cmd(Command.ZCARD).arg(key))).toLong();
  }

  private List<String> members(String key) {
    List<String> found = new ArrayList<>();
    await(redis.send(Request.cmd(Command.ZRANGE).arg(key).arg(0).arg(-1)))
        .forEach(member -> found.add(member.toString()));
    return found;
  }

  private static <T> T await(Future<T> future) {
    try {
      return future.toCompletionStage().toCompletableFuture().get(10, TimeUnit.SECONDS);
    } catch (Exception e) {
      throw new AssertionError(e);
    }
  }
}
