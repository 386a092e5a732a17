package io.ao.system;

import static io.ao.api.support.RunningApi.await;
import static io.ao.system.support.Eventually.eventually;
import static org.assertj.core.api.Assertions.assertThat;

import com.icegreen.greenmail.junit5.GreenMailExtension;
import com.icegreen.greenmail.util.ServerSetup;
import io.ao.api.support.RunningApi;
import io.ao.devstack.junit.RedisServerExtension;
import io.ao.devstack.redis.FreePort;
import io.ao.devstack.redis.LocalRedisServer;
import io.ao.system.support.CrmStandIn;
import io.ao.worker.support.WorkerProcess;
import io.vertx.core.Vertx;
import io.vertx.core.json.JsonObject;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.extension.RegisterExtension;

/**
 * A real worker process killed (SIGKILL) after the CRM received the create but before the task was
 * acknowledged: the next worker repeats the call with the same Idempotency-Key, the CRM still holds
 * one lead, and the follow-up email goes out once.
 */
@ExtendWith(RedisServerExtension.class)
class RedeliveryAfterCrmCallTest {

  private static final int SMTP_PORT = FreePort.find();

  @RegisterExtension
  static GreenMailExtension mail =
      new GreenMailExtension(new ServerSetup(SMTP_PORT, "127.0.0.1", "smtp"));

  private final LocalRedisServer redis;
  private final List<WorkerProcess> workers = new ArrayList<>();
  private Vertx vertx;
  private RunningApi api;
  private CrmStandIn crm;
  private Map<String, String> env;

  RedeliveryAfterCrmCallTest(LocalRedisServer redis) {
    this.redis = redis;
  }

  @BeforeEach
  void start() {
    vertx = Vertx.vertx();
    crm = await(new CrmStandIn().start(vertx));
    env =
        new HashMap<>(
            Map.of(
                "AO_REDIS_URL",
                redis.url(),
                "AO_CRM_API_BASE_URL",
                crm.url(),
                "AO_EMAIL_SMTP_HOST",
                "127.0.0.1",
                "AO_EMAIL_SMTP_PORT",
                Integer.toString(SMTP_PORT),
                "AO_QUEUE_VISIBILITY_TIMEOUT_MS",
                "2000",
                "AO_WORKER_RECLAIM_INTERVAL_MS",
                "500",
                "AO_QUEUE_RETRY_BASE_DELAY_MS",
                "200"));
    api = RunningApi.start(vertx, redis.url(), env);
  }

  @AfterEach
  void stop() throws InterruptedException {
    for (WorkerProcess worker : workers) {
      worker.close();
    }
    api.close();
    await(vertx.close());
  }

  @Test
  void theCrmSeesTheSameKeyTwiceButHoldsOneLeadAndOneEmailIsSent() throws Exception {
    WorkerProcess first = worker("doomed");
    crm.beforeFirstCreateAnswer(() -> first.killNow());

    JsonObject accepted =
        api.postJson(
                "/api/workflows",
                new JsonObject()
                    .put("workflow", "lead_intake")
                    .put(
                        "lead",
                        new JsonObject()
                            .put("email", "katherine@nasa.example")
                            .put("first_name", "Katherine")))
            .bodyAsJsonObject();
    eventually(Duration.ofSeconds(20), () -> !crm.received().isEmpty());
    worker("rescuer");

    String statusUrl = accepted.getString("status_url");
    eventually(
        Duration.ofSeconds(40),
        () -> "succeeded".equals(api.get(statusUrl).bodyAsJsonObject().getString("status")));

    List<CrmStandIn.Received> creates =
        crm.received().stream().filter(r -> r.method().equals("POST")).toList();
    assertThat(creates).hasSize(2);
    assertThat(creates.get(0).idempotencyKey())
        .isEqualTo(creates.get(1).idempotencyKey())
        .isEqualTo(accepted.getString("workflow_id") + ".1.crm_sync");
    assertThat(crm.leads()).hasSize(1);
    JsonObject crmStep =
        api.get(statusUrl).bodyAsJsonObject().getJsonArray("steps").getJsonObject(1);
    assertThat(crmStep.getLong("attempts")).isEqualTo(2);
    assertThat(mail.getReceivedMessages()).hasSize(1);
  }

  private WorkerProcess worker(String id) throws Exception {
    WorkerProcess process = WorkerProcess.start(id, "default", FreePort.find(), env);
    workers.add(process);
    return process.awaitReady(Duration.ofSeconds(30));
  }
}
