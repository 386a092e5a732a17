package io.ao.shared.workflows.engine;

import io.ao.shared.queue.LuaScript;
import io.ao.shared.queue.TaskTypes;
import io.ao.shared.workflows.DefinitionCheck;
import io.ao.shared.workflows.WorkflowDefinition;
import io.ao.shared.workflows.WorkflowKeys;
import io.vertx.core.Future;
import io.vertx.core.json.JsonObject;
import io.vertx.redis.client.Command;
import io.vertx.redis.client.Redis;
import io.vertx.redis.client.Request;
import io.vertx.redis.client.Response;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.function.LongSupplier;

/**
 * Workflow definitions in Redis, versioned: a write makes version n + 1 and never changes version
 * n, which the runs started on it keep reading. Versions are immutable, so each is parsed (and its
 * expressions compiled) once per process and kept.
 */
public final class DefinitionStore {

  private static final LuaScript WRITE =
      LuaScript.fromClasspath("/io/ao/shared/workflows/lua/definition_write.lua");
  private static final int MAX_CACHED_VERSIONS = 10_000;

  /** A definition's latest version as stored, with whether new runs may start on it. */
  public record Stored(
      WorkflowDefinition definition, boolean enabled, long createdAt, long updatedAt) {

    public JsonObject toJson() {
      return definition
          .toJson()
          .put("enabled", enabled)
          .put("created_at", createdAt)
          .put("updated_at", updatedAt);
    }
  }

  /** How a write went: the version written, or why none was. */
  public record Written(int version, String refusal, int latest) {
    public boolean ok() {
      return refusal == null;
    }
  }

  private final Redis redis;
  private final WorkflowKeys keys;
  private final LongSupplier clock;
  private final Map<String, WorkflowDefinition> versions = new ConcurrentHashMap<>();

  public DefinitionStore(Redis redis, WorkflowKeys keys, LongSupplier clock) {
    this.redis = redis;
    this.keys = keys;
    this.clock = clock;
  }

  public WorkflowKeys keys() {
    return keys;
  }

  /** Creates version 1; refused ("exists") when the name is taken, even by a disabled one. */
  public Future<Written> create(WorkflowDefinition definition) {
    return write("create", definition, 0);
  }

  /** Version 1 from the configuration, unless the definition exists (config never overwrites). */
  public Future<Written> seed(WorkflowDefinition definition) {
    return write("seed", definition, 0);
  }

  /** Version {@code readVersion} + 1, refused ("stale") when another write came first. */
  public Future<Written> put(WorkflowDefinition definition, int readVersion) {
    return write("put", definition, readVersion);
  }

  /** No new runs; runs in flight finish, and every version stays readable. */
  public Future<Written> disable(String name) {
    return WRITE
        .run(redis, writeKeys(name), List.of("disable", name, "0", "", now()))
        .map(DefinitionStore::written);
  }

  private Future<Written> write(String mode, WorkflowDefinition definition, int readVersion) {
    String json = definition.toJson().put("version", readVersion + 1).encode();
    return WRITE
        .run(
            redis,
            writeKeys(definition.name()),
            List.of(mode, definition.name(), Integer.toString(readVersion), json, now()))
        .map(DefinitionStore::written);
  }

  private List<String> writeKeys(String name) {
    return List.of(keys.definition(name), keys.definitions(), keys.definitionsEpoch());
  }

  private static Written written(Response reply) {
    if (reply.get(0).toInteger() == 1) {
      return new Written(reply.get(1).toInteger(), null, reply.get(1).toInteger());
    }
    String refusal = reply.get(1).toString();
    return new Written(0, refusal, reply.size() > 2 ? reply.get(2).toInteger() : 0);
  }

  /** The latest version with its state, or null when there is no such definition. */
  public Future<Stored> latest(String name) {
    return redis
        .send(
            Request.cmd(Command.HMGET)
                .arg(keys.definition(name))
                .arg("latest")
                .arg("enabled")
                .arg("created_at")
                .arg("updated_at")
                .arg("current"))
        .map(this::stored);
  }

  private Stored stored(Response reply) {
    if (reply.get(0) == null || reply.get(4) == null) {
      return null;
    }
    WorkflowDefinition definition = parsed(reply.get(4).toString());
    return new Stored(
        definition,
        "1".equals(reply.get(1).toString()),
        reply.get(2).toLong(),
        reply.get(3).toLong());
  }

  /** Version {@code version} of the named definition, or null when it was never written. */
  public Future<WorkflowDefinition> version(String name, int version) {
    WorkflowDefinition cached = versions.get(name + "#" + version);
    if (cached != null) {
      return Future.succeededFuture(cached);
    }
    return redis
        .send(Request.cmd(Command.HGET).arg(keys.definition(name)).arg("v" + version))
        .map(json -> json == null ? null : parsed(json.toString()));
  }

  /** The latest version of every definition, enabled or not, oldest first. */
  public Future<List<Stored>> all() {
    return redis
        .send(Request.cmd(Command.ZRANGE).arg(keys.definitions()).arg(0).arg(-1))
        .compose(
            names -> {
              List<Future<Stored>> reads = new ArrayList<>();
              for (Response name : names) {
                reads.add(latest(name.toString()));
              }
              return Future.all(new ArrayList<>(reads))
                  .map(
                      done ->
                          reads.stream()
                              .map(Future::result)
                              .filter(stored -> stored != null)
                              .toList());
            });
  }

  /** The epoch: bumped by every definition write. */
  public Future<Long> epoch() {
    return redis
        .send(Request.cmd(Command.GET).arg(keys.definitionsEpoch()))
        .map(reply -> reply == null ? 0L : reply.toLong());
  }

  /** A stored version: it was checked when written, so a failure here is a bug, not input. */
  private WorkflowDefinition parsed(String json) {
    JsonObject body = new JsonObject(json);
    String key = body.getString("name") + "#" + body.getInteger("version");
    WorkflowDefinition cached = versions.get(key);
    if (cached != null) {
      return cached;
    }
    DefinitionCheck check = WorkflowDefinition.parse(body, TaskTypes.STEP_TYPES);
    if (!check.ok()) {
      throw new IllegalStateException(
          "stored definition " + key + " does not parse: " + check.problems());
    }
    if (versions.size() < MAX_CACHED_VERSIONS) {
      versions.put(key, check.definition());
    }
    return check.definition();
  }

  private String now() {
    return Long.toString(clock.getAsLong());
  }
}
