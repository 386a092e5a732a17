package io.ao.system;

import static io.ao.system.support.Eventually.eventually;
import static org.assertj.core.api.Assertions.assertThat;

import io.ao.devstack.junit.RedisSentinelExtension;
import io.ao.devstack.redis.LocalRedisSentinel;
import io.ao.devstack.redis.LocalRedisServer;
import io.vertx.core.json.JsonObject;
import jakarta.mail.internet.MimeMessage;
import java.time.Duration;
import java.util.Arrays;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

/**
 * {@link LeadIntakeWorkflowContract} against a Sentinel-managed Redis (a master, 2 replicas, 3
 * Sentinels), and the task pipeline across a failover: the API and the worker follow the new master
 * without a restart.
 */
@ExtendWith(RedisSentinelExtension.class)
class LeadIntakeWorkflowSentinelTest extends LeadIntakeWorkflowContract {

  private final LocalRedisSentinel sentinel;

  LeadIntakeWorkflowSentinelTest(LocalRedisSentinel sentinel) {
    super(sentinel, 1);
    this.sentinel = sentinel;
  }

  @Test
  void workflowsBeforeAndAfterTheMasterIsKilledBothFinishWithTheirEmail() throws Exception {
    String before = startWorkflow("before@failover.example");
    awaitSucceeded(before);

    LocalRedisServer master = sentinel.master();
    int oldPort = master.port();
    master.kill();
    int newPort = sentinel.awaitNewMaster(oldPort, 60_000);
    eventually(Duration.ofSeconds(30), () -> api.get("/health/ready").statusCode() == 200);
    String after = startWorkflow("after@failover.example");
    awaitSucceeded(after);
    master.start();
    sentinel.awaitReplicaOnline(oldPort, 60_000);

    JsonObject redis = api.get("/health/detailed").bodyAsJsonObject().getJsonObject("redis");
    System.out.printf(
        "Sentinel failover under the pipeline: master %d killed, %d promoted; health says %s%n",
        oldPort, newPort, redis.encode());
    assertThat(redis.getString("master")).isEqualTo("127.0.0.1:" + newPort);
    assertThat(redis.getString("role")).isEqualTo("master");
    assertThat(api.get(before).bodyAsJsonObject().getString("status")).isEqualTo("succeeded");
    MimeMessage[] messages = mail.getReceivedMessages();
    assertThat(
            Arrays.stream(messages)
                .map(
                    m -> {
                      try {
                        return m.getAllRecipients()[0].toString();
                      } catch (jakarta.mail.MessagingException e) {
                        throw new IllegalStateException(e);
                      }
                    }))
        .containsExactlyInAnyOrder("before@failover.example", "after@failover.example");
  }

  private String startWorkflow(String email) {
    var response =
        api.postJson(
            "/api/workflows",
            new JsonObject()
                .put("workflow", "lead_intake")
                .put("lead", new JsonObject().put("email", email)));
    assertThat(response.statusCode()).as(response.bodyAsString()).isEqualTo(202);
    return response.bodyAsJsonObject().getString("status_url");
  }
}
