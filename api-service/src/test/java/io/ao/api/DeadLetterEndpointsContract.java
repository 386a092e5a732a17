package io.ao.api;

import static io.ao.api.support.RunningApi.await;
import static org.assertj.core.api.Assertions.assertThat;

import io.ao.api.support.Problems;
import io.ao.api.support.RunningApi;
import io.ao.devstack.redis.RedisTarget;
import io.ao.shared.queue.NewTask;
import io.ao.shared.queue.QueueKeys;
import io.ao.shared.queue.QueuePartitions;
import io.ao.shared.queue.TaskEnvelope;
import io.ao.shared.queue.TaskQueue;
import io.ao.shared.redis.RedisClientOptions;
import io.ao.shared.redis.SharedConnectionRedis;
import io.vertx.core.Future;
import io.vertx.core.Vertx;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.http.HttpMethod;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import io.vertx.ext.web.client.HttpResponse;
import io.vertx.redis.client.Command;
import io.vertx.redis.client.Redis;
import io.vertx.redis.client.Request;
import io.vertx.redis.client.Response;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * The admin dead-letter endpoints and task reads: against one server ({@link
 * DeadLetterEndpointsTest}) and a 3-master cluster with the queue in three partitions ({@link
 * DeadLetterEndpointsClusterTest}).
 */
abstract class DeadLetterEndpointsContract {

  private final RedisTarget server;
  private final int partitions;
  private Vertx vertx;
  private Redis redis;
  private QueuePartitions partitioned;
  private RunningApi api;

  DeadLetterEndpointsContract(RedisTarget server, int partitions) {
    this.server = server;
    this.partitions = partitions;
  }

  @BeforeEach
  void start() {
    vertx = Vertx.vertx();
    redis =
        SharedConnectionRedis.create(
            vertx,
            (server.isCluster()
                    ? RedisClientOptions.cluster(server.clusterUrls())
                    : RedisClientOptions.standalone(server.url()))
                .setMaxPoolWaiting(1_000));
    server.flushAll();
    partitioned = QueuePartitions.of("ao", "default", partitions);
    api =
        RunningApi.start(
            vertx, server, Map.of("AO_QUEUE_PARTITIONS", Integer.toString(partitions)));
  }

  @AfterEach
  void stop() {
    api.close();
    await(vertx.close());
  }

  @Test
  void deadTasksAreListedWithTheirErrorRedrivenAndDiscarded() throws InterruptedException {
    String first = deadTask("first failure");
    // entry ids are times: two partitions on two nodes can write in the same millisecond, and
    // "newest first" then orders them by partition, so the second is written a few ms later
    Thread.sleep(5);
    String second = deadTask("second failure");

    JsonArray items = api.get("/api/admin/dead-letters").bodyAsJsonObject().getJsonArray("items");
    assertThat(items).hasSize(2);
    assertThat(items.getJsonObject(0).getString("task_id")).as("newest first").isEqualTo(second);
    assertThat(items.getJsonObject(0).getString("error")).isEqualTo("second failure");

    HttpResponse<Buffer> retried =
        api.send(HttpMethod.POST, "/api/admin/dead-letters/" + first + "/retry");
    assertThat(retried.statusCode()).isEqualTo(202);
    assertThat(retried.getHeader("Location")).isEqualTo("/api/tasks/" + first);
    JsonObject status = api.get("/api/tasks/" + first).bodyAsJsonObject();
    assertThat(status.getString("state")).isEqualTo("queued");
    assertThat(status.getLong("attempts")).isZero();
    Problems.assertProblem(
        api.send(HttpMethod.POST, "/api/admin/dead-letters/" + first + "/retry"), 404);

    assertThat(api.send(HttpMethod.DELETE, "/api/admin/dead-letters/" + second).statusCode())
        .isEqualTo(204);
    Problems.assertProblem(api.send(HttpMethod.DELETE, "/api/admin/dead-letters/" + second), 404);
    assertThat(api.get("/api/admin/dead-letters").bodyAsJsonObject().getJsonArray("items"))
        .isEmpty();
    Problems.assertProblem(
        api.send(HttpMethod.POST, "/api/admin/dead-letters/never-existed/retry"), 404);
  }

  @Test
  void deadLettersThatMatchAFilterAreRedrivenOrDiscardedTogether() {
    Set<String> timeouts = new HashSet<>();
    for (int i = 0; i < 4; i++) {
      timeouts.add(deadTask("noop", "CRM timeout after 5000 ms"));
    }
    String otherType = deadTask("crm_sync", "CRM Timeout after 5000 ms");
    String refused = deadTask("noop", "the CRM refused the lead: 422");

    JsonObject retried =
        swept(
            "/api/admin/dead-letters/retry",
            new JsonObject().put("type", "noop").put("error_contains", "TIMEOUT"),
            202);
    assertThat(retried).isEqualTo(new JsonObject().put("matched", 4).put("retried", 4));
    timeouts.forEach(id -> assertThat(state(id)).as(id).isEqualTo("queued"));
    assertThat(state(otherType)).as("another type").isEqualTo("dead");
    assertThat(state(refused)).as("another error").isEqualTo("dead");

    JsonObject discarded =
        swept(
            "/api/admin/dead-letters/discard",
            new JsonObject().put("error_contains", "refused"),
            200);
    assertThat(discarded).isEqualTo(new JsonObject().put("matched", 1).put("discarded", 1));
    assertThat(state(otherType)).isEqualTo("dead");

    HttpResponse<Buffer> all = api.send(HttpMethod.POST, "/api/admin/dead-letters/retry");
    assertThat(all.statusCode()).as("no body: every dead letter").isEqualTo(202);
    assertThat(all.bodyAsJsonObject())
        .isEqualTo(new JsonObject().put("matched", 1).put("retried", 1));
    assertThat(state(otherType)).isEqualTo("queued");
    assertThat(swept("/api/admin/dead-letters/discard", new JsonObject(), 200))
        .isEqualTo(new JsonObject().put("matched", 0).put("discarded", 0));
  }

  @Test
  void aSweepPagesThroughMoreDeadLettersThanOneRead() {
    int count = 1_203; // over two of the sweep's 500-entry reads, spread over the partitions
    for (int made = 0; made < count; made += 200) {
      List<Future<String>> batch = new java.util.ArrayList<>();
      for (int i = made; i < Math.min(count, made + 200); i++) {
        batch.add(deadTaskAsync("noop", "failure " + i));
      }
      await(Future.all(batch));
    }
    assertThat(swept("/api/admin/dead-letters/retry", new JsonObject(), 202))
        .isEqualTo(new JsonObject().put("matched", count).put("retried", count));
    assertThat(api.get("/api/admin/dead-letters").bodyAsJsonObject().getJsonArray("items"))
        .isEmpty();
  }

  @Test
  void aSweepFilterThatIsNotOneIsA422NamingTheField() {
    for (JsonObject bad :
        List.of(
            new JsonObject().put("type", 5),
            new JsonObject().put("type", ""),
            new JsonObject().put("error_contains", "x".repeat(201)),
            new JsonObject().put("colour", "red"))) {
      String field = bad.fieldNames().iterator().next();
      for (String path :
          List.of("/api/admin/dead-letters/retry", "/api/admin/dead-letters/discard")) {
        Problems.assertInvalidFields(api.postJson(path, bad), field);
      }
    }
    Problems.assertProblem(
        api.post("/api/admin/dead-letters/retry", "application/json", Buffer.buffer("[1]")), 422);
    Problems.assertProblem(
        api.post("/api/admin/dead-letters/retry", "application/json", Buffer.buffer("{")), 400);
    Problems.assertProblem(
        api.post("/api/admin/dead-letters/retry", "text/plain", Buffer.buffer("all")), 415);
  }

  private JsonObject swept(String path, JsonObject filter, int status) {
    HttpResponse<Buffer> response = api.postJson(path, filter);
    assertThat(response.statusCode()).as(response.bodyAsString()).isEqualTo(status);
    return response.bodyAsJsonObject();
  }

  private String state(String taskId) {
    return api.get("/api/tasks/" + taskId).bodyAsJsonObject().getString("state");
  }

  @Test
  void theDeadLetterListPagesWithoutGapsOrDuplicates() {
    Set<String> dead = new HashSet<>();
    for (int i = 0; i < 7; i++) {
      dead.add(deadTask("failure " + i));
    }
    Set<String> seen = new HashSet<>();
    String cursor = null;
    int pages = 0;
    do {
      JsonObject page =
          api.get("/api/admin/dead-letters?limit=3" + (cursor == null ? "" : "&cursor=" + cursor))
              .bodyAsJsonObject();
      page.getJsonArray("items")
          .forEach(item -> assertThat(seen.add(((JsonObject) item).getString("task_id"))).isTrue());
      cursor = page.getString("next_cursor");
      pages++;
    } while (cursor != null);
    assertThat(seen).isEqualTo(dead);
    assertThat(pages).isEqualTo(3);
  }

  @Test
  void tasksAreListedByStateAcrossPartitionsAPageAtATime() {
    String dead = deadTask("gave up");
    Set<String> queued = new HashSet<>();
    for (int i = 0; i < 7; i++) {
      queued.add(
          api.postJson("/api/tasks", new JsonObject().put("type", "noop"))
              .bodyAsJsonObject()
              .getString("task_id"));
    }

    assertThat(listed("dead", 10)).containsExactly(dead);
    assertThat(listed("failed", 10)).isEmpty();
    List<String> pages = listed("queued", 2);
    assertThat(pages).as("every queued task once").hasSize(7);
    assertThat(new HashSet<>(pages)).isEqualTo(queued);

    JsonObject noState = Problems.assertProblem(api.get("/api/admin/tasks"), 422);
    assertThat(noState.encode()).contains("state").contains("is required");
    Problems.assertProblem(api.get("/api/admin/tasks?state=sleeping"), 422);
    JsonObject badCursor =
        Problems.assertProblem(api.get("/api/admin/tasks?state=queued&cursor=%25%25"), 422);
    assertThat(badCursor.encode()).contains("cursor");
  }

  @Test
  void theQueueHistorySumsEveryPartitionsCountsAndSamplesTheDepth() throws InterruptedException {
    for (int i = 0; i < 5; i++) {
      api.postJson("/api/tasks", new JsonObject().put("type", "noop"));
    }
    deadTask("gave up");

    JsonObject history = api.get("/api/admin/queues/history?minutes=5").bodyAsJsonObject();
    assertThat(history.getInteger("minutes")).isEqualTo(5);
    JsonObject queue = history.getJsonArray("items").getJsonObject(0);
    assertThat(queue.getString("queue")).isEqualTo("default");
    JsonArray points = queue.getJsonArray("points");
    assertThat(points).hasSize(5);
    // the counts land in the minute they happened in: a minute may have turned during the test
    assertThat(sum(points, "enqueued"))
        .as("5 tasks and the dead one, over the partitions")
        .isEqualTo(6);
    assertThat(sum(points, "failed")).isEqualTo(1);
    assertThat(sum(points, "finished")).isEqualTo(1);
    assertThat(sum(points, "succeeded")).isZero();

    // the API samples the depth as it starts and then every 10 s: its minute has one
    boolean sampled = false;
    for (int attempt = 0; attempt < 50 && !sampled; attempt++) {
      JsonArray last =
          api.get("/api/admin/queues/history?minutes=2")
              .bodyAsJsonObject()
              .getJsonArray("items")
              .getJsonObject(0)
              .getJsonArray("points");
      sampled = last.stream().anyMatch(point -> ((JsonObject) point).getValue("depth") != null);
      if (!sampled) {
        Thread.sleep(100);
      }
    }
    assertThat(sampled).as("a depth sample within 5 s").isTrue();
    assertThat(
            api.get("/api/admin/queues/history")
                .bodyAsJsonObject()
                .getJsonArray("items")
                .getJsonObject(0)
                .getJsonArray("points"))
        .as("an hour by default")
        .hasSize(60);
  }

  @Test
  void aQueueHistoryWindowOutside1To60MinutesIsRefusedNamingMinutes() {
    for (String bad : List.of("0", "61", "-1", "abc", "1.5", "", "100000000000", "5&minutes=6")) {
      Problems.assertInvalidFields(api.get("/api/admin/queues/history?minutes=" + bad), "minutes");
    }
    Problems.assertProblem(api.anonymous(HttpMethod.GET, "/api/admin/queues/history"), 401);
    Problems.assertProblem(
        await(
            api.request(HttpMethod.GET, "/api/admin/queues/history")
                .bearerTokenAuthentication(api.tokenOfNewUser("agent-history", "agent"))
                .send()),
        403);
  }

  private static long sum(JsonArray points, String field) {
    long total = 0;
    for (Object point : points) {
      total += ((JsonObject) point).getLong(field);
    }
    return total;
  }

  private List<String> listed(String state, int limit) {
    List<String> ids = new java.util.ArrayList<>();
    String cursor = null;
    for (int page = 0; page < 30; page++) {
      JsonObject got =
          api.get(
                  "/api/admin/tasks?state="
                      + state
                      + "&limit="
                      + limit
                      + (cursor == null ? "" : "&cursor=" + cursor))
              .bodyAsJsonObject();
      got.getJsonArray("items")
          .forEach(
              item -> {
                assertThat(((JsonObject) item).getString("state")).isEqualTo(state);
                ids.add(((JsonObject) item).getString("id"));
              });
      cursor = got.getString("next_cursor");
      if (cursor == null) {
        return ids;
      }
    }
    throw new AssertionError("the listing did not end within 30 pages: " + ids);
  }

  /** A dead task in the partition its id routes to, made the way a worker would. */
  private String deadTask(String error) {
    return deadTask("noop", error);
  }

  private String deadTask(String type, String error) {
    return await(deadTaskAsync(type, error));
  }

  /**
   * A dead task of {@code type} in the partition its id routes to, made the way a worker would. The
   * read takes the partition's oldest new entry: tasks made at once all die, in some order.
   */
  private Future<String> deadTaskAsync(String type, String error) {
    NewTask task = NewTask.of(type, null, 1);
    TaskQueue queue = new TaskQueue(redis, partitioned.routed(task.id()), 3600);
    return queue
        .enqueue(task)
        .compose(
            enqueued ->
                redis.send(
                    Request.cmd(Command.XREADGROUP)
                        .arg("GROUP")
                        .arg(QueueKeys.GROUP)
                        .arg("t")
                        .arg("COUNT")
                        .arg(1)
                        .arg("STREAMS")
                        .arg(queue.keys().stream())
                        .arg(">")))
        .compose(
            reply -> {
              Response entry =
                  (reply.getKeys().isEmpty()
                          ? reply.get(0).get(1)
                          : reply.get(queue.keys().stream()))
                      .get(0);
              TaskEnvelope delivery =
                  TaskEnvelope.fromStreamEntry(entry.get(0).toString(), entry.get(1));
              return queue
                  .startAll(List.of(delivery), "t")
                  .compose(started -> queue.deadLetter(delivery, error));
            })
        .map(task.id());
  }
}
