package io.ao.worker.support;

import io.ao.devstack.redis.LocalRedisServer;
import io.ao.shared.leads.LeadHash;
import io.ao.shared.leads.LeadKeys;
import io.ao.shared.leads.LeadRecords;
import io.ao.shared.queue.QueueKeys;
import io.ao.shared.queue.TaskEnvelope;
import io.ao.shared.queue.TaskIds;
import io.ao.worker.handlers.TaskContext;
import io.vertx.core.Future;
import io.vertx.core.Vertx;
import io.vertx.core.json.JsonObject;
import io.vertx.redis.client.Command;
import io.vertx.redis.client.Redis;
import io.vertx.redis.client.RedisOptions;
import io.vertx.redis.client.Request;
import java.util.concurrent.TimeUnit;

/**
 * What a handler's unit test needs around the handler: a Vert.x, a client of the test's own Redis,
 * the lead records handlers read and write, and deliveries to hand the handler as the worker would.
 * Redis is flushed by {@link #reset()} before each test.
 */
public final class HandlerHarness implements AutoCloseable {

  public final Vertx vertx = Vertx.vertx();
  public final Redis redis;
  public final LeadKeys keys = new LeadKeys(new QueueKeys("ao", "default"));
  public final LeadRecords leads;

  public HandlerHarness(LocalRedisServer server) {
    redis = Redis.createClient(vertx, new RedisOptions().setConnectionString(server.url()));
    leads = new LeadRecords(redis, keys);
  }

  public void reset() {
    await(redis.send(Request.cmd(Command.FLUSHALL)));
  }

  /**
   * Stores a lead (version 1) as the API would have: its system fields (score, crm_id, ...) beside
   * the document, as {@link LeadHash} lays them out; returns its id.
   */
  public String storeLead(JsonObject lead) {
    String id = lead.getString("id", TaskIds.newId());
    JsonObject doc = lead.copy().put("id", id);
    Request write = Request.cmd(Command.HSET).arg(keys.lead(id)).arg(LeadHash.VERSION).arg(1);
    for (String field : LeadHash.SYSTEM) {
      Object value = doc.remove(field);
      if (value != null) {
        write.arg(field).arg(value.toString());
      }
    }
    await(redis.send(write.arg(LeadHash.DOC).arg(doc.encode())));
    return id;
  }

  /** Sets fields of the lead's hash directly, e.g. a client's edit (version) or a sync chain. */
  public void setLeadFields(String id, String... namesAndValues) {
    Request write = Request.cmd(Command.HSET).arg(keys.lead(id));
    for (String item : namesAndValues) {
      write.arg(item);
    }
    await(redis.send(write));
  }

  /** A field of the lead's hash, e.g. sync_chain; null when absent. */
  public String leadField(String id, String field) {
    var reply = await(redis.send(Request.cmd(Command.HGET).arg(keys.lead(id)).arg(field)));
    return reply == null ? null : reply.toString();
  }

  /** A field of a task's status hash; null when absent. */
  public String taskField(String taskId, String field) {
    var reply =
        await(redis.send(Request.cmd(Command.HGET).arg(keys.queue().task(taskId)).arg(field)));
    return reply == null ? null : reply.toString();
  }

  /** The lead as stored now (with its version), or null. */
  public JsonObject lead(String id) {
    return await(leads.get(id));
  }

  /** A first delivery of a task of {@code type}, as the worker hands it to a handler. */
  public TaskContext delivery(String type, JsonObject payload) {
    return delivery(TaskIds.newId(), type, payload);
  }

  public TaskContext delivery(String taskId, String type, JsonObject payload) {
    TaskEnvelope envelope =
        new TaskEnvelope(
            "1-0", taskId, type, payload, 1, 3, System.currentTimeMillis(), "req-test", "", "");
    return new TaskContext(envelope, 1, 3, "test-worker");
  }

  /** What the future completed with; fails the test on a failure or after 10 s. */
  public static <T> T await(Future<T> future) {
    try {
      return future.toCompletionStage().toCompletableFuture().get(10, TimeUnit.SECONDS);
    } catch (Exception e) {
      throw new AssertionError("did not complete: " + e.getMessage(), e);
    }
  }

  /** The failure the future completed with; fails the test when it succeeded. */
  public static Throwable failureOf(Future<?> future) {
    try {
      future.toCompletionStage().toCompletableFuture().get(10, TimeUnit.SECONDS);
    } catch (Exception e) {
      return e.getCause() == null ? e : e.getCause();
    }
    throw new AssertionError("expected a failure, got " + future.result());
  }

  @Override
  public void close() {
    await(vertx.close());
  }
}
