package io.ao.system;

import static io.ao.api.support.RunningApi.await;
import static org.assertj.core.api.Assertions.assertThat;

import io.ao.devstack.junit.RedisServerExtension;
import io.ao.devstack.redis.LocalRedisServer;
import io.ao.shared.leads.LeadHash;
import io.ao.shared.leads.LeadKeys;
import io.ao.shared.queue.NewTask;
import io.ao.shared.queue.QueueKeys;
import io.ao.shared.queue.TaskQueue;
import io.ao.shared.queue.TaskTypes;
import io.ao.system.support.RateLimitedCrm;
import io.ao.worker.support.WorkerProcess;
import io.vertx.core.Future;
import io.vertx.core.Vertx;
import io.vertx.core.json.JsonObject;
import io.vertx.redis.client.Command;
import io.vertx.redis.client.Redis;
import io.vertx.redis.client.RedisOptions;
import io.vertx.redis.client.Request;
import io.vertx.redis.client.Response;
import java.io.IOException;
import java.net.ServerSocket;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

/**
 * The CRM account's shared rate limit, end to end: worker processes on one Redis, each with its own
 * concurrency, sync N leads to a CRM stand-in that allows R requests per second and answers 429
 * above that. The correctness property: the CRM never sees more than R requests in one of its
 * seconds, at most one 429 per pause, and every task succeeds on its first attempt (a deferral
 * spends none). Counting requests per stand-in second says nothing of our speed.
 *
 * <p>Defaults: 2 workers × 64, 200 tasks, 5 requests/s. The measurement in BENCHMARKS.md runs it
 * with {@code -Dcrm.rate.workers=4 -Dcrm.rate.tasks=2000 -Dcrm.rate.per_second=10
 * -Dcrm.rate.out=<file>}, which also writes the per-second figures to that file.
 */
@ExtendWith(RedisServerExtension.class)
class CrmRateLimitTest {

  private static final int WORKERS = Integer.getInteger("crm.rate.workers", 2);
  private static final int CONCURRENCY = Integer.getInteger("crm.rate.concurrency", 64);
  private static final int TASKS = Integer.getInteger("crm.rate.tasks", 200);
  private static final int PER_SECOND = Integer.getInteger("crm.rate.per_second", 5);
  private static final String OUT = System.getProperty("crm.rate.out", "");

  private final LocalRedisServer redis;

  CrmRateLimitTest(LocalRedisServer redis) {
    this.redis = redis;
  }

  @Test
  void workersTogetherStayWithinTheAccountsRateAndEveryTaskSucceedsOnItsFirstAttempt()
      throws Exception {
    Vertx vertx = Vertx.vertx();
    List<WorkerProcess> workers = new ArrayList<>();
    try {
      Redis client =
          Redis.createClient(
              vertx, new RedisOptions().setConnectionString(redis.url()).setMaxPoolWaiting(10_000));
      await(client.send(Request.cmd(Command.FLUSHALL)));
      RateLimitedCrm crm = await(new RateLimitedCrm(PER_SECOND).start(vertx));
      Map<String, String> env =
          Map.of(
              "AO_REDIS_URL", redis.url(),
              "AO_CRM_API_BASE_URL", crm.url(),
              "AO_CRM_RATE_LIMIT_REQUESTS", Integer.toString(PER_SECOND),
              "AO_CRM_RATE_LIMIT_PER_SECONDS", "1",
              "AO_WORKER_CONCURRENCY", Integer.toString(CONCURRENCY));
      for (int i = 0; i < WORKERS; i++) {
        workers.add(WorkerProcess.start("rate-" + i, "default", freePort(), env));
      }
      for (WorkerProcess worker : workers) {
        worker.awaitReady(Duration.ofSeconds(90));
      }

      QueueKeys queueKeys = new QueueKeys("ao", "default");
      LeadKeys leadKeys = new LeadKeys(queueKeys);
      TaskQueue queue = new TaskQueue(client, queueKeys, 86_400);
      List<String> taskIds = new ArrayList<>(TASKS);
      List<Future<?>> writes = new ArrayList<>();
      for (int i = 0; i < TASKS; i++) {
        String leadId = "rate-lead-" + i;
        JsonObject doc =
            new JsonObject().put("id", leadId).put("email", "lead" + i + "@example.com");
        writes.add(
            client.send(
                Request.cmd(Command.HSET)
                    .arg(leadKeys.lead(leadId))
                    .arg(LeadHash.VERSION)
                    .arg(1)
                    .arg(LeadHash.DOC)
                    .arg(doc.encode())));
      }
      await(Future.all(writes));
      long started = System.currentTimeMillis();
      List<Future<?>> enqueues = new ArrayList<>();
      for (int i = 0; i < TASKS; i++) {
        NewTask task =
            NewTask.of(TaskTypes.CRM_UPDATE, new JsonObject().put("lead_id", "rate-lead-" + i), 3);
        taskIds.add(task.id());
        enqueues.add(queue.enqueue(task));
      }
      await(Future.all(enqueues));

      // Bounded: the time the rate allows, twice over, plus a minute.
      long deadline = started + 2_000L * TASKS / PER_SECOND + 60_000;
      int succeeded = 0;
      while (System.currentTimeMillis() < deadline) {
        succeeded = count(client, queueKeys, taskIds, "succeeded");
        if (succeeded == TASKS) {
          break;
        }
        Thread.sleep(1_000);
      }
      long finished = System.currentTimeMillis();

      List<RateLimitedCrm.Second> seconds = crm.seconds();
      List<Integer> perPause = crm.refusalsPerPause();
      int maxSeen = seconds.stream().mapToInt(RateLimitedCrm.Second::seen).max().orElse(0);
      int refused = seconds.stream().mapToInt(RateLimitedCrm.Second::refused).sum();
      int firstAttempt = count(client, queueKeys, taskIds, null);
      long deferrals = deferrals(client, queueKeys, taskIds);
      String report =
          report(
              seconds,
              perPause,
              maxSeen,
              refused,
              succeeded,
              firstAttempt,
              deferrals,
              finished - started);
      System.out.println(report);
      if (!OUT.isEmpty()) {
        Files.writeString(Path.of(OUT), report);
      }

      assertThat(succeeded).as("tasks succeeded").isEqualTo(TASKS);
      assertThat(firstAttempt).as("tasks that used one attempt only").isEqualTo(TASKS);
      assertThat(maxSeen)
          .as("most requests the CRM saw in one second")
          .isLessThanOrEqualTo(PER_SECOND);
      assertThat(perPause).as("429s per pause").allMatch(n -> n <= 1);
    } finally {
      for (WorkerProcess worker : workers) {
        worker.close();
      }
      await(vertx.close());
    }
  }

  /** Tasks in {@code state}; with null, tasks that succeeded with attempts == 1. */
  private static int count(Redis client, QueueKeys keys, List<String> ids, String state) {
    List<Future<Response>> reads = new ArrayList<>();
    for (String id : ids) {
      reads.add(
          client.send(Request.cmd(Command.HMGET).arg(keys.task(id)).arg("state").arg("attempts")));
    }
    await(Future.all(reads));
    int n = 0;
    for (Future<Response> read : reads) {
      Response fields = read.result();
      String taskState = fields.get(0) == null ? "" : fields.get(0).toString();
      String attempts = fields.get(1) == null ? "" : fields.get(1).toString();
      if (state == null
          ? taskState.equals("succeeded") && attempts.equals("1")
          : taskState.equals(state)) {
        n++;
      }
    }
    return n;
  }

  private static long deferrals(Redis client, QueueKeys keys, List<String> ids) {
    List<Future<Response>> reads = new ArrayList<>();
    for (String id : ids) {
      reads.add(client.send(Request.cmd(Command.HGET).arg(keys.task(id)).arg("deferrals")));
    }
    await(Future.all(reads));
    long total = 0;
    for (Future<Response> read : reads) {
      total += read.result() == null ? 0 : read.result().toLong();
    }
    return total;
  }

  private static String report(
      List<RateLimitedCrm.Second> seconds,
      List<Integer> perPause,
      int maxSeen,
      int refused,
      int succeeded,
      int firstAttempt,
      long deferrals,
      long elapsedMs) {
    StringBuilder text = new StringBuilder();
    text.append(
        String.format(
            "crm rate limit: %d workers x %d concurrency, %d tasks, stand-in allows %d requests/s%n",
            WORKERS, CONCURRENCY, TASKS, PER_SECOND));
    text.append("second  seen  refused(429)\n");
    for (RateLimitedCrm.Second second : seconds) {
      text.append(
          String.format(
              "%6d  %4d  %4d%n",
              second.epochSecond() - seconds.get(0).epochSecond(),
              second.seen(),
              second.refused()));
    }
    int requests = seconds.stream().mapToInt(RateLimitedCrm.Second::seen).sum();
    text.append(
        String.format(
            "requests %d, max in one second %d, 429s %d, pauses %d, max 429s per pause %d%n",
            requests,
            maxSeen,
            refused,
            perPause.size(),
            perPause.stream().mapToInt(Integer::intValue).max().orElse(0)));
    text.append(
        String.format(
            "tasks succeeded %d/%d, on their first attempt %d, deferrals %d, %.1f s from enqueue to all succeeded (polled each 1 s; %.2f tasks/s)%n",
            succeeded,
            TASKS,
            firstAttempt,
            deferrals,
            elapsedMs / 1000.0,
            succeeded * 1000.0 / Math.max(1, elapsedMs)));
    return text.toString();
  }

  private static int freePort() throws IOException {
    try (ServerSocket socket = new ServerSocket(0)) {
      return socket.getLocalPort();
    }
  }
}
