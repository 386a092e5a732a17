package io.ao.shared.queue;

import static org.assertj.core.api.Assertions.assertThat;

import io.ao.devstack.junit.RedisServerExtension;
import io.ao.devstack.redis.LocalRedisServer;
import io.vertx.core.Future;
import io.vertx.core.Vertx;
import io.vertx.core.json.JsonObject;
import io.vertx.redis.client.Command;
import io.vertx.redis.client.Redis;
import io.vertx.redis.client.RedisOptions;
import io.vertx.redis.client.Request;
import io.vertx.redis.client.Response;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

/** Each queue transition against a real Redis: what it records and what it refuses. */
@ExtendWith(RedisServerExtension.class)
class QueueTransitionsTest {

  private static final long RETENTION = 3600;
  private static Vertx vertx;
  private static Redis redis;

  private final AtomicLong clock = new AtomicLong(1_700_000_000_000L);
  private QueueKeys keys;
  private TaskQueue queue;

  @BeforeAll
  static void connect(LocalRedisServer server) {
    vertx = Vertx.vertx();
    redis =
        Redis.createClient(
            vertx,
            new RedisOptions()
                .setConnectionString(server.url())
                .setMaxPoolSize(8)
                .setMaxPoolWaiting(10_000));
  }

  @AfterAll
  static void close() {
    await(vertx.close());
  }

  @BeforeEach
  void freshQueue() {
    await(redis.send(Request.cmd(Command.FLUSHALL)));
    keys = new QueueKeys("ao", "transitions");
    queue = new TaskQueue(redis, keys, RETENTION, clock::get);
    await(queue.ensureGroup());
  }

  @Test
  void enqueueCreatesStatusAndOneEntryAndIsIdempotentById() {
    NewTask task = NewTask.of("noop", new JsonObject().put("n", 1), 3);
    EnqueueResult first = await(queue.enqueue(task));
    EnqueueResult again = await(queue.enqueue(task));

    assertThat(first.created()).isTrue();
    assertThat(again.created()).isFalse();
    assertThat(again.existingState()).isEqualTo("queued");
    assertThat(xlen(keys.stream())).isEqualTo(1);
    TaskStatus status = await(queue.status(task.id()));
    assertThat(status.state()).isEqualTo(TaskState.QUEUED);
    assertThat(status.toJson().getJsonObject("payload").getInteger("n")).isEqualTo(1);
    assertThat(status.toJson().containsKey("entry")).isFalse();
  }

  @Test
  void completeAcksDeletesAndExpiresTheStatus() {
    NewTask task = NewTask.of("noop", null, 3);
    await(queue.enqueue(task));
    TaskEnvelope delivery = readOne("w1");

    StartResult start = await(start(delivery, "w1"));
    assertThat(start.shouldRun()).isTrue();
    assertThat(start.attempts()).isEqualTo(1);
    assertThat(await(queue.status(task.id())).state()).isEqualTo(TaskState.RUNNING);

    assertThat(await(complete(delivery, "w1", new JsonObject().put("ok", true)))).isTrue();
    TaskStatus done = await(queue.status(task.id()));
    assertThat(done.state()).isEqualTo(TaskState.SUCCEEDED);
    assertThat(done.toJson().getJsonObject("result").getBoolean("ok")).isTrue();
    assertThat(xlen(keys.stream())).isZero();
    assertThat(pendingCount()).isZero();
    assertThat(ttl(keys.task(task.id()))).isBetween(RETENTION - 5, RETENTION);
  }

  @Test
  void aSecondOutcomeForTheSameDeliveryIsRefused() {
    await(queue.enqueue(NewTask.of("noop", null, 3)));
    TaskEnvelope delivery = readOne("w1");
    await(start(delivery, "w1"));
    assertThat(await(complete(delivery, "w1", null))).isTrue();

    assertThat(await(complete(delivery, "w1", null))).isFalse();
    assertThat(await(queue.retryLater(delivery, 10, "late"))).isFalse();
    assertThat(await(queue.deadLetter(delivery, "late"))).isFalse();
    assertThat(await(queue.status(delivery.id())).state()).isEqualTo(TaskState.SUCCEEDED);
    assertThat(xlen(keys.dead())).isZero();
  }

  @Test
  void batchStartAndCompleteAnswerPerTaskAndAckOnlyWhatTheyRecord() {
    List<NewTask> tasks =
        List.of(
            NewTask.of("noop", null, 3), NewTask.of("noop", null, 3), NewTask.of("noop", null, 3));
    tasks.forEach(task -> await(queue.enqueue(task)));
    await(queue.operations().cancel(tasks.get(1).id()));
    List<TaskEnvelope> deliveries = readMany("w1", 3);

    List<StartResult> starts = await(queue.startAll(deliveries, "w1"));

    assertThat(starts)
        .extracting(StartResult::decision)
        .containsExactly(
            StartResult.Decision.RUN, StartResult.Decision.SKIP, StartResult.Decision.RUN);
    assertThat(starts.get(1).reason()).isEqualTo("cancelled");
    assertThat(pendingCount()).as("the skipped entry is acked by the start").isEqualTo(2);
    // the third task's outcome is already recorded by another delivery: its late success
    // must not count
    await(queue.fail(deliveries.get(2), "recorded elsewhere"));
    List<Boolean> recorded =
        await(
            queue.completeAll(
                List.of(
                    new TaskQueue.Completion(deliveries.get(0), new JsonObject().put("ok", true)),
                    new TaskQueue.Completion(deliveries.get(2), new JsonObject())),
                "w1"));

    assertThat(recorded).containsExactly(true, false);
    assertThat(await(queue.status(tasks.get(0).id())).state()).isEqualTo(TaskState.SUCCEEDED);
    assertThat(await(queue.status(tasks.get(0).id())).attempts()).isEqualTo(1);
    assertThat(await(queue.status(tasks.get(2).id())).state()).isEqualTo(TaskState.FAILED);
    assertThat(pendingCount()).isZero();
    assertThat(xlen(keys.stream())).isZero();
    assertThat(ttl(keys.task(tasks.get(0).id()))).isPositive();
  }

  @Test
  void retryLaterWaitsInTheDelayedSetUntilDueThenComesBackAsTheNextAttempt() {
    NewTask task = NewTask.of("noop", null, 3);
    await(queue.enqueue(task));
    TaskEnvelope first = readOne("w1");
    await(start(first, "w1"));

    assertThat(await(queue.retryLater(first, 1_000, "boom"))).isTrue();
    TaskStatus retrying = await(queue.status(task.id()));
    assertThat(retrying.state()).isEqualTo(TaskState.RETRYING);
    assertThat(retrying.get("last_error")).isEqualTo("boom");
    assertThat(xlen(keys.stream())).isZero();
    assertThat(zcard(keys.delayed())).isEqualTo(1);

    assertThat(await(queue.promoteDue(100))).as("not due yet").isZero();
    clock.addAndGet(1_000);
    assertThat(await(queue.promoteDue(100))).isEqualTo(1);

    TaskEnvelope second = readOne("w1");
    assertThat(second.attempt()).isEqualTo(2);
    assertThat(second.id()).isEqualTo(task.id());
    assertThat(await(start(second, "w1")).attempts()).isEqualTo(2);
    assertThat(zcard(keys.delayed())).isZero();
  }

  @Test
  void deferWaitsInTheDelayedSetWithoutSpendingTheAttempt() {
    NewTask task = NewTask.of("noop", null, 1);
    await(queue.enqueue(task));
    TaskEnvelope first = readOne("w1");
    await(start(first, "w1"));

    long due = clock.get() + 5_000;
    assertThat(await(queue.defer(first, due, "CRM account paused"))).isTrue();
    TaskStatus deferred = await(queue.status(task.id()));
    assertThat(deferred.state()).isEqualTo(TaskState.SCHEDULED);
    assertThat(deferred.get("attempts")).as("the attempt given back").isEqualTo("0");
    assertThat(deferred.get("deferrals")).isEqualTo("1");
    assertThat(deferred.get("deferred_reason")).isEqualTo("CRM account paused");
    assertThat(xlen(keys.stream())).isZero();
    assertThat(zcard(keys.delayed())).isEqualTo(1);
    assertThat(await(queue.defer(first, due, "again"))).as("no longer its delivery").isFalse();

    clock.addAndGet(4_999);
    assertThat(await(queue.promoteDue(100))).as("not due yet").isZero();
    clock.addAndGet(1);
    assertThat(await(queue.promoteDue(100))).isEqualTo(1);
    TaskEnvelope second = readOne("w1");
    assertThat(second.attempt()).as("still the first attempt").isEqualTo(1);
    StartResult started = await(start(second, "w1"));
    assertThat(started.shouldRun()).as("max_attempts 1: a deferral did not use it up").isTrue();
    assertThat(started.attempts()).isEqualTo(1);
  }

  @Test
  void deadLetterKeepsTheTaskUntilRedrivenWithFreshAttempts() {
    NewTask task = NewTask.of("noop", null, 1);
    await(queue.enqueue(task));
    TaskEnvelope delivery = readOne("w1");
    await(start(delivery, "w1"));

    assertThat(await(queue.deadLetter(delivery, "gave up"))).isTrue();
    assertThat(await(queue.status(task.id())).state()).isEqualTo(TaskState.DEAD);
    assertThat(ttl(keys.task(task.id()))).as("dead tasks do not expire").isEqualTo(-1);
    DeadLetterPage page = await(queue.operations().deadLetters(null, 10));
    assertThat(page.items())
        .singleElement()
        .satisfies(item -> assertThat(item.getString("task_id")).isEqualTo(task.id()))
        .satisfies(item -> assertThat(item.getString("error")).isEqualTo("gave up"));

    TransitionResult redriven = await(queue.operations().redrive(task.id()));
    assertThat(redriven.applied()).isTrue();
    assertThat(xlen(keys.dead())).isZero();
    TaskEnvelope again = readOne("w1");
    assertThat(again.attempt()).isEqualTo(1);
    assertThat(await(start(again, "w1")).shouldRun()).isTrue();

    assertThat(await(queue.operations().redrive(task.id())).applied())
        .as("only dead or failed tasks")
        .isFalse();
    assertThat(await(queue.operations().redrive("no-such-task")).detail()).isEmpty();
  }

  @Test
  void discardTakesADeadTaskOffTheListAndLetsItExpire() {
    NewTask task = NewTask.of("noop", null, 1);
    await(queue.enqueue(task));
    TaskEnvelope delivery = readOne("w1");
    await(start(delivery, "w1"));
    await(queue.deadLetter(delivery, "gave up"));

    assertThat(await(queue.operations().discard(task.id()))).isTrue();
    assertThat(xlen(keys.dead())).isZero();
    assertThat(ttl(keys.task(task.id()))).isPositive();
    assertThat(await(queue.operations().discard(task.id()))).isFalse();
  }

  @Test
  void aFailedTaskIsTerminalAndListedWithTheDeadForAnOperatorToRetryOrDiscard() {
    // what an operator saw: a CRM 4xx made a task "failed", in no list and no alert
    await(queue.enqueue(NewTask.of("noop", null, 3)));
    TaskEnvelope delivery = readOne("w1");
    await(start(delivery, "w1"));

    assertThat(await(queue.fail(delivery, "400 from CRM"))).isTrue();
    assertThat(await(queue.status(delivery.id())).state()).isEqualTo(TaskState.FAILED);
    assertThat(xlen(keys.stream())).isZero();
    DeadLetterPage page = await(queue.operations().deadLetters(null, 10));
    assertThat(page.items())
        .singleElement()
        .satisfies(
            item -> {
              assertThat(item.getString("task_id")).isEqualTo(delivery.id());
              assertThat(item.getString("state")).isEqualTo("failed");
              assertThat(item.getString("error")).isEqualTo("400 from CRM");
              assertThat(item.containsKey("dead_letter_id")).as("one id: the task's").isFalse();
            });

    assertThat(await(queue.operations().discard(delivery.id()))).isTrue();
    assertThat(xlen(keys.dead())).isZero();
  }

  @Test
  void tasksAreListedByStateAPageAtATimeWithOneCursor() {
    List<NewTask> tasks = new ArrayList<>();
    for (int i = 0; i < 6; i++) {
      tasks.add(NewTask.of("noop", null, 3));
      await(queue.enqueue(tasks.get(i)));
    }
    List<TaskEnvelope> read = readMany("w1", 4);
    read.forEach(delivery -> await(start(delivery, "w1")));
    await(queue.fail(read.get(0), "refused"));
    await(queue.deadLetter(read.get(1), "gave up"));
    await(queue.retryLater(read.get(2), 60_000, "try later"));
    PartitionedQueue partitioned =
        new PartitionedQueue(redis, QueuePartitions.of("ao", "transitions", 1), RETENTION);
    TaskListing listing = new TaskListing(redis);

    assertThat(listed(listing, partitioned, TaskState.FAILED, 10))
        .containsExactly(read.get(0).id());
    assertThat(listed(listing, partitioned, TaskState.DEAD, 10)).containsExactly(read.get(1).id());
    assertThat(listed(listing, partitioned, TaskState.RETRYING, 10))
        .containsExactly(read.get(2).id());
    assertThat(listed(listing, partitioned, TaskState.RUNNING, 10))
        .containsExactly(read.get(3).id());
    assertThat(listed(listing, partitioned, TaskState.QUEUED, 1))
        .as("a page at a time, oldest first")
        .containsExactly(tasks.get(4).id(), tasks.get(5).id());
    assertThat(listed(listing, partitioned, TaskState.SUCCEEDED, 10)).isEmpty();
    TaskListing.Page page = await(listing.list(partitioned, TaskState.QUEUED, null, 10));
    assertThat(page.toJson().getJsonArray("items").getJsonObject(0).getString("state"))
        .isEqualTo("queued");
    org.assertj.core.api.Assertions.assertThatThrownBy(
            () -> listing.list(partitioned, TaskState.QUEUED, "not-a-cursor", 10))
        .isInstanceOf(IllegalArgumentException.class);
  }

  @Test
  void theMinuteHistoryCountsFirstAttemptsOutcomesAndOneDepthSamplePerMinute() {
    QueueHistory history = new QueueHistory(redis);
    clock.set(1_700_000_070_000L); // 30 s into a minute
    NewTask succeeds = NewTask.of("noop", null, 3);
    NewTask retried = NewTask.of("noop", null, 3);
    NewTask buried = NewTask.of("noop", null, 1);
    List.of(succeeds, retried, buried).forEach(task -> await(queue.enqueue(task)));
    await(queue.enqueue(succeeds)); // a repeat of an existing id enqueues nothing
    List<TaskEnvelope> deliveries = readMany("w1", 3);
    await(queue.startAll(deliveries, "w1"));
    await(complete(deliveries.get(0), "w1", null));
    await(queue.retryLater(deliveries.get(1), 1, "boom"));
    await(queue.deadLetter(deliveries.get(2), "gave up"));
    assertThat(await(history.sample(keys, clock.get()))).as("first sample of the minute").isTrue();
    assertThat(await(history.sample(keys, clock.get()))).as("the minute is taken").isFalse();

    clock.addAndGet(40_000); // the next minute: a retry's delivery and a re-drive
    assertThat(await(queue.promoteDue(10))).isEqualTo(1);
    assertThat(await(queue.operations().redrive(buried.id())).applied()).isTrue();

    List<QueueHistory.Minute> points =
        await(history.read(QueuePartitions.of("ao", "transitions", 1), 3, clock.get()));
    assertThat(points).hasSize(3);
    assertThat(points.get(0).depth()).as("nobody sampled that minute").isNull();
    QueueHistory.Minute busy = points.get(1);
    assertThat(busy.startMs()).isEqualTo(1_700_000_040_000L);
    assertThat(List.of(busy.enqueued(), busy.succeeded(), busy.failed()))
        .containsExactly(3L, 1L, 1L);
    assertThat(busy.depth()).as("nothing left on the stream").isZero();
    assertThat(busy.dead()).isEqualTo(1);
    QueueHistory.Minute next = points.get(2);
    assertThat(next.enqueued()).as("the re-drive, not the retry").isEqualTo(1);
    assertThat(next.depth()).isNull();
    assertThat(ttl(keys.history(clock.get() / 60_000)))
        .isBetween(QueueHistory.BUCKET_TTL_SECONDS - 5, QueueHistory.BUCKET_TTL_SECONDS);
    assertThat(ttl(keys.history(busy.startMs() / 60_000)))
        .isBetween(QueueHistory.BUCKET_TTL_SECONDS - 5, QueueHistory.BUCKET_TTL_SECONDS);
  }

  private static List<String> listed(
      TaskListing listing, PartitionedQueue queue, TaskState state, int limit) {
    List<String> ids = new ArrayList<>();
    String cursor = null;
    for (int page = 0; page < 20; page++) {
      TaskListing.Page got = await(listing.list(queue, state, cursor, limit));
      got.items().forEach(task -> ids.add(task.get("id")));
      cursor = got.nextCursor();
      if (cursor == null) {
        return ids;
      }
    }
    throw new AssertionError("the listing did not end within 20 pages: " + ids);
  }

  @Test
  void aCancelledTaskIsDroppedWhenAWorkerReadsIt() {
    NewTask task = NewTask.of("noop", null, 3);
    await(queue.enqueue(task));
    assertThat(await(queue.operations().cancel(task.id())).applied()).isTrue();

    TaskEnvelope delivery = readOne("w1");
    StartResult start = await(start(delivery, "w1"));
    assertThat(start.decision()).isEqualTo(StartResult.Decision.SKIP);
    assertThat(start.reason()).isEqualTo("cancelled");
    assertThat(xlen(keys.stream())).isZero();
    assertThat(pendingCount()).isZero();
    assertThat(await(queue.operations().cancel(task.id())).detail()).isEqualTo("cancelled");
  }

  @Test
  void deliveriesThatNeverReportBackUseUpTheAttemptsThenTheTaskIsDead() {
    NewTask task = NewTask.of("noop", null, 2);
    await(queue.enqueue(task));
    TaskEnvelope delivery = readOne("w1");

    // A worker that dies after start leaves the entry pending; each takeover starts it again.
    assertThat(await(start(delivery, "w1")).attempts()).isEqualTo(1);
    assertThat(await(start(delivery, "w2")).attempts()).isEqualTo(2);
    StartResult third = await(start(delivery, "w3"));

    assertThat(third.decision()).isEqualTo(StartResult.Decision.DEAD);
    TaskStatus status = await(queue.status(task.id()));
    assertThat(status.state()).isEqualTo(TaskState.DEAD);
    assertThat(status.attempts()).isEqualTo(2);
    assertThat(xlen(keys.dead())).isEqualTo(1);
    assertThat(pendingCount()).isZero();
  }

  @Test
  void manyPromotersMoveEachDueTaskExactlyOnce() {
    int tasks = 600;
    List<Future<?>> work = new ArrayList<>();
    for (int i = 0; i < tasks; i++) {
      work.add(queue.enqueue(NewTask.of("noop", null, 3)));
    }
    await(Future.all(work));
    List<TaskEnvelope> deliveries = readMany("w1", tasks);
    List<Future<?>> retries = new ArrayList<>();
    for (TaskEnvelope delivery : deliveries) {
      retries.add(start(delivery, "w1").compose(s -> queue.retryLater(delivery, 10, "again")));
    }
    await(Future.all(retries));
    clock.addAndGet(10);

    List<Future<Integer>> promoters = new ArrayList<>();
    for (int i = 0; i < 8; i++) {
      promoters.add(queue.promoteDue(50));
    }
    await(Future.all(promoters));
    int moved = promoters.stream().mapToInt(Future::result).sum();
    while (zcard(keys.delayed()) > 0) {
      moved += await(queue.promoteDue(50));
    }

    assertThat(moved).isEqualTo(tasks);
    assertThat(xlen(keys.stream())).isEqualTo(tasks);
  }

  @Test
  void keysShareOneHashTagPerQueue() {
    assertThat(
            List.of(
                keys.stream(),
                keys.delayed(),
                keys.dead(),
                keys.task("x"),
                keys.workers(),
                keys.worker("w")))
        .allSatisfy(key -> assertThat(key).startsWith("ao:{transitions}:"));
  }

  // ---- helpers ---------------------------------------------------------------------

  /** One delivery through the production start script (start_batch), as a worker's read does. */
  private Future<StartResult> start(TaskEnvelope delivery, String worker) {
    return queue.startAll(List.of(delivery), worker).map(answers -> answers.get(0));
  }

  /** One success through the production completion script (complete_batch). */
  private Future<Boolean> complete(TaskEnvelope delivery, String worker, JsonObject result) {
    return queue
        .completeAll(List.of(new TaskQueue.Completion(delivery, result)), worker)
        .map(answers -> answers.get(0));
  }

  private TaskEnvelope readOne(String consumer) {
    List<TaskEnvelope> read = readMany(consumer, 1);
    assertThat(read).hasSize(1);
    return read.get(0);
  }

  private List<TaskEnvelope> readMany(String consumer, int count) {
    Response reply =
        await(
            redis.send(
                Request.cmd(Command.XREADGROUP)
                    .arg("GROUP")
                    .arg(QueueKeys.GROUP)
                    .arg(consumer)
                    .arg("COUNT")
                    .arg(count)
                    .arg("STREAMS")
                    .arg(keys.stream())
                    .arg(">")));
    List<TaskEnvelope> envelopes = new ArrayList<>();
    if (reply == null) {
      return envelopes;
    }
    Response entries = reply.getKeys().isEmpty() ? reply.get(0).get(1) : reply.get(keys.stream());
    for (Response entry : entries) {
      envelopes.add(TaskEnvelope.fromStreamEntry(entry.get(0).toString(), entry.get(1)));
    }
    return envelopes;
  }

  private long xlen(String key) {
    return await(redis.send(Request.cmd(Command.XLEN).arg(key))).toLong();
  }

  private long zcard(String key) {
    return await(redis.send(Request.cmd(Command.ZCARD).arg(key))).toLong();
  }

  private long ttl(String key) {
    return await(redis.send(Request.cmd(Command.TTL).arg(key))).toLong();
  }

  private long pendingCount() {
    return await(redis.send(Request.cmd(Command.XPENDING).arg(keys.stream()).arg(QueueKeys.GROUP)))
        .get(0)
        .toLong();
  }

  static <T> T await(Future<T> future) {
    try {
      return future.toCompletionStage().toCompletableFuture().get(10, TimeUnit.SECONDS);
    } catch (Exception e) {
      throw new AssertionError("Redis call failed or timed out: " + e.getMessage(), e);
    }
  }
}
