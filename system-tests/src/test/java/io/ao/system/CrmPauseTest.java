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
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

/**
 * A 429 with Retry-After pauses every task of the account, on every worker, not just the one that
 * got it: two worker processes share one CRM account (one call at a time, so no request is already
 * on its way when the 429 comes), the CRM refuses its 20th request with Retry-After 2, and no
 * request reaches it in the 2 s after (by the stand-in's clock). The refused task waited without
 * spending an attempt, and every task succeeds.
 */
@ExtendWith(RedisServerExtension.class)
class CrmPauseTest {

  private static final int TASKS = 60;
  private static final int REFUSED = 20;

  private final LocalRedisServer redis;

  CrmPauseTest(LocalRedisServer redis) {
    this.redis = redis;
  }

  @Test
  void a429PausesEveryWorkersTasksUntilItsRetryAfterAndCostsNoAttempt() throws Exception {
    Vertx vertx = Vertx.vertx();
    List<WorkerProcess> workers = new ArrayList<>();
    try {
      Redis client =
          Redis.createClient(
              vertx, new RedisOptions().setConnectionString(redis.url()).setMaxPoolWaiting(1_000));
      await(client.send(Request.cmd(Command.FLUSHALL)));
      RateLimitedCrm crm = await(new RateLimitedCrm(1_000).start(vertx));
      crm.refuseRequest(REFUSED, 2);
      Map<String, String> env =
          Map.of(
              "AO_REDIS_URL", redis.url(),
              "AO_CRM_API_BASE_URL", crm.url(),
              "AO_CRM_RATE_LIMIT_CONCURRENCY", "1");
      for (int i = 0; i < 2; i++) {
        workers.add(WorkerProcess.start("pause-" + i, "default", freePort(), env));
      }
      for (WorkerProcess worker : workers) {
        worker.awaitReady(Duration.ofSeconds(90));
      }

      QueueKeys keys = new QueueKeys("ao", "default");
      LeadKeys leadKeys = new LeadKeys(keys);
      TaskQueue queue = new TaskQueue(client, keys, 86_400);
      List<String> taskIds = new ArrayList<>();
      for (int i = 0; i < TASKS; i++) {
        String leadId = "pause-lead-" + i;
        await(
            client.send(
                Request.cmd(Command.HSET)
                    .arg(leadKeys.lead(leadId))
                    .arg(LeadHash.VERSION)
                    .arg(1)
                    .arg(LeadHash.DOC)
                    .arg(
                        new JsonObject()
                            .put("id", leadId)
                            .put("email", i + "@example.com")
                            .encode())));
        NewTask task = NewTask.of(TaskTypes.CRM_UPDATE, new JsonObject().put("lead_id", leadId), 1);
        taskIds.add(task.id());
        await(queue.enqueue(task));
      }

      long deadline = System.currentTimeMillis() + 60_000;
      while (System.currentTimeMillis() < deadline && succeeded(client, keys, taskIds) < TASKS) {
        Thread.sleep(250);
      }

      assertThat(succeeded(client, keys, taskIds))
          .as("every task succeeded, with max_attempts 1: the refused one spent none")
          .isEqualTo(TASKS);
      assertThat(crm.refusals()).hasSize(1);
      long refusedAt = crm.refusals().get(0);
      List<Long> during =
          crm.arrivals().stream().filter(t -> t > refusedAt && t < refusedAt + 2_000).toList();
      assertThat(during).as("requests during the pause").isEmpty();
      assertThat(crm.arrivals()).hasSize(TASKS + 1);
    } finally {
      for (WorkerProcess worker : workers) {
        worker.close();
      }
      await(vertx.close());
    }
  }

  private static int succeeded(Redis client, QueueKeys keys, List<String> ids) {
    List<Future<Response>> reads = new ArrayList<>();
    for (String id : ids) {
      reads.add(client.send(Request.cmd(Command.HGET).arg(keys.task(id)).arg("state")));
    }
    await(Future.all(reads));
    int n = 0;
    for (Future<Response> read : reads) {
      if (read.result() != null && read.result().toString().equals("succeeded")) {
        n++;
      }
    }
    return n;
  }

  private static int freePort() throws IOException {
    try (ServerSocket socket = new ServerSocket(0)) {
      return socket.getLocalPort();
    }
  }
}
