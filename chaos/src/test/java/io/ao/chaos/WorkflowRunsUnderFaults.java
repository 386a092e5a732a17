package io.ao.chaos;

import com.icegreen.greenmail.util.GreenMail;
import io.vertx.core.Future;
import io.vertx.core.Vertx;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.http.PoolOptions;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import io.vertx.ext.web.client.HttpResponse;
import io.vertx.ext.web.client.WebClient;
import io.vertx.ext.web.client.WebClientOptions;
import jakarta.mail.MessagingException;
import jakarta.mail.internet.MimeMessage;
import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Queue;
import java.util.Set;
import java.util.TreeMap;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * The workflow engine's chaos row: a branching definition written through the API, runs started one
 * lead each at a steady rate, and afterwards every run, step, email and CRM call read back and
 * checked against the branch its lead had to take.
 *
 * <p>The definition: {@code score} (lead_process), {@code branch} on {@code lead.source}; a
 * web_form lead waits {@code pause_mail} (PT4S) then gets {@code follow_up} (email_send), any other
 * waits {@code pause_crm} (PT3S) then {@code to_crm} (crm_update); both end in {@code done}.
 */
final class WorkflowRunsUnderFaults {

  static final String WORKFLOW = "chaos_branches";
  static final List<String> MAIL_PATH =
      List.of("score", "branch", "pause_mail", "follow_up", "done");
  static final List<String> CRM_PATH = List.of("score", "branch", "pause_crm", "to_crm", "done");
  private static final Set<String> TERMINAL = Set.of("succeeded", "failed", "cancelled");
  private static final int IN_FLIGHT = 16;

  static JsonObject definition() {
    return new JsonObject()
        .put("name", WORKFLOW)
        .put("description", "chaos suite: two branches, each a durable wait then a side effect")
        .put(
            "steps",
            new JsonArray()
                .add(new JsonObject().put("name", "score").put("type", "lead_process"))
                .add(
                    new JsonObject()
                        .put("name", "branch")
                        .put("if", "lead.source == \"web_form\"")
                        .put("then", "pause_mail")
                        .put("else", "pause_crm"))
                .add(
                    new JsonObject()
                        .put("name", "pause_mail")
                        .put("wait", "PT4S")
                        .put("next", "follow_up"))
                .add(
                    new JsonObject()
                        .put("name", "follow_up")
                        .put("type", "email_send")
                        .put("template", "follow_up")
                        .put("next", "done"))
                .add(
                    new JsonObject()
                        .put("name", "pause_crm")
                        .put("wait", "PT3S")
                        .put("next", "to_crm"))
                .add(
                    new JsonObject()
                        .put("name", "to_crm")
                        .put("type", "crm_update")
                        .put("next", "done"))
                .add(new JsonObject().put("name", "done").put("end", true)));
  }

  /** One start request as the client saw it; status -1 when no answer came. */
  record Start(
      int n,
      String email,
      boolean mailBranch,
      int status,
      String workflowId,
      long sentAtMs,
      long answeredAtMs,
      String error) {
    boolean accepted() {
      return status == 202 && workflowId != null;
    }
  }

  private final Vertx vertx;
  private final WebClient client;
  private final String bearer;
  private final String runName;
  private final Queue<Start> starts = new ConcurrentLinkedQueue<>();
  private final AtomicInteger inFlight = new AtomicInteger();
  private final AtomicInteger acceptedCount = new AtomicInteger();

  WorkflowRunsUnderFaults(Vertx vertx, int apiPort, String bearer, String runName) {
    this.vertx = vertx;
    this.client =
        WebClient.create(
            vertx,
            new WebClientOptions()
                .setDefaultHost("127.0.0.1")
                .setDefaultPort(apiPort)
                .setConnectTimeout(2_000)
                .setKeepAliveTimeout(SteadyLoad.KEEP_ALIVE_SECONDS),
            new PoolOptions().setHttp1MaxSize(32));
    this.bearer = bearer;
    this.runName = runName;
  }

  /** Writes the definition (version 1, or n + 1 when it exists from an earlier run). */
  void define() throws Exception {
    HttpResponse<Buffer> response =
        await(
            client
                .post("/api/workflows/definitions")
                .putHeader("Authorization", "Bearer " + bearer)
                .timeout(20_000)
                .sendJsonObject(definition()),
            30);
    if (response.statusCode() != 201) {
      throw new IllegalStateException(
          "definition: " + response.statusCode() + " " + response.bodyAsString());
    }
  }

  /**
   * Starts runs at {@code perSecond} until {@code runs} are accepted, each for a lead of its own
   * (web_form for even n, referral for odd). A start refused (503) or unanswered is not sent again:
   * the next one has a new lead, so a refused start that did take effect shows as an email or a CRM
   * lead for an address no accepted run has. At most {@code maxAttempts} starts, and {@code
   * maxSeconds}.
   */
  List<Start> startRuns(int runs, int perSecond, int maxAttempts, long maxSeconds)
      throws InterruptedException {
    long intervalMs = Math.max(1, 1000 / perSecond);
    long deadline = System.currentTimeMillis() + maxSeconds * 1000;
    long next = System.currentTimeMillis();
    int n = 0;
    while (acceptedCount.get() < runs && n < maxAttempts && System.currentTimeMillis() < deadline) {
      if (acceptedCount.get() + inFlight.get() < runs) {
        send(n++);
      }
      next += intervalMs;
      long sleep = next - System.currentTimeMillis();
      if (sleep > 0) {
        Thread.sleep(sleep);
      }
    }
    while (inFlight.get() > 0 && System.currentTimeMillis() < deadline + 30_000) {
      Thread.sleep(20);
    }
    List<Start> all = new ArrayList<>(starts);
    all.sort((a, b) -> Integer.compare(a.n(), b.n()));
    return all;
  }

  private void send(int n) {
    boolean mail = n % 2 == 0;
    String email = runName + "-" + n + "@chaos.example.com";
    JsonObject lead =
        new JsonObject()
            .put("email", email)
            .put("first_name", "Branch")
            .put("last_name", "No" + n)
            .put("source", mail ? "web_form" : "referral");
    long sentAt = System.currentTimeMillis();
    inFlight.incrementAndGet();
    client
        .post("/api/workflows")
        .putHeader("Authorization", "Bearer " + bearer)
        .timeout(15_000)
        .sendJsonObject(new JsonObject().put("workflow", WORKFLOW).put("lead", lead))
        .onComplete(
            answer -> {
              long answeredAt = System.currentTimeMillis();
              Start start;
              if (answer.failed()) {
                start =
                    new Start(
                        n,
                        email,
                        mail,
                        -1,
                        null,
                        sentAt,
                        answeredAt,
                        answer.cause().getClass().getSimpleName()
                            + ": "
                            + answer.cause().getMessage());
              } else {
                HttpResponse<Buffer> response = answer.result();
                String id =
                    response.statusCode() == 202
                        ? response.bodyAsJsonObject().getString("workflow_id")
                        : null;
                start =
                    new Start(
                        n,
                        email,
                        mail,
                        response.statusCode(),
                        id,
                        sentAt,
                        answeredAt,
                        id == null ? response.bodyAsString() : null);
              }
              starts.add(start);
              if (start.accepted()) {
                acceptedCount.incrementAndGet();
              }
              inFlight.decrementAndGet();
            });
  }

  /**
   * Polls every accepted run's status until all are terminal or {@code settleMs} passed; the last
   * document of each run by id. {@code settledAt[0]}: when the last one became terminal.
   */
  Map<String, JsonObject> awaitTerminal(List<Start> accepted, long settleMs, long[] settledAt)
      throws Exception {
    Map<String, JsonObject> runs = new HashMap<>();
    List<String> open = new ArrayList<>(accepted.stream().map(Start::workflowId).toList());
    long deadline = System.currentTimeMillis() + settleMs;
    while (true) {
      List<String> stillOpen = new ArrayList<>();
      for (List<String> chunk : chunks(open)) {
        List<Future<HttpResponse<Buffer>>> reads = new ArrayList<>();
        chunk.forEach(id -> reads.add(get("/api/workflows/" + id + "/status").otherwiseEmpty()));
        Future.join(new ArrayList<>(reads))
            .toCompletionStage()
            .toCompletableFuture()
            .get(60, TimeUnit.SECONDS);
        for (int i = 0; i < chunk.size(); i++) {
          HttpResponse<Buffer> response = reads.get(i).result();
          if (response == null || response.statusCode() != 200) {
            stillOpen.add(chunk.get(i));
            continue;
          }
          JsonObject run = response.bodyAsJsonObject();
          runs.put(chunk.get(i), run);
          if (!TERMINAL.contains(run.getString("status"))) {
            stillOpen.add(chunk.get(i));
          }
        }
      }
      settledAt[0] = System.currentTimeMillis();
      if (stillOpen.isEmpty() || System.currentTimeMillis() > deadline) {
        return runs;
      }
      open.clear();
      open.addAll(stillOpen);
      Thread.sleep(500);
    }
  }

  /** Runs of each lead (by lead id): more than one would be a run started twice. */
  Map<String, Integer> runsPerLead(Iterable<String> leadIds) throws Exception {
    List<String> ids = new ArrayList<>();
    leadIds.forEach(ids::add);
    Map<String, Integer> counts = new HashMap<>();
    for (List<String> chunk : chunks(ids)) {
      List<Future<HttpResponse<Buffer>>> reads = new ArrayList<>();
      chunk.forEach(
          id ->
              reads.add(
                  get(
                      "/api/workflows?limit=10&lead_id="
                          + URLEncoder.encode(id, StandardCharsets.UTF_8))));
      Future.join(new ArrayList<>(reads))
          .toCompletionStage()
          .toCompletableFuture()
          .get(60, TimeUnit.SECONDS);
      for (int i = 0; i < chunk.size(); i++) {
        HttpResponse<Buffer> response = reads.get(i).result();
        if (response == null || response.statusCode() != 200) {
          throw new IllegalStateException(
              "runs of lead "
                  + chunk.get(i)
                  + ": "
                  + (response == null ? reads.get(i).cause() : response.bodyAsString()));
        }
        counts.put(chunk.get(i), response.bodyAsJsonObject().getJsonArray("items").size());
      }
    }
    return counts;
  }

  /** Recipient → Message-ID → copies received. */
  static Map<String, Map<String, Integer>> mailsByRecipient(GreenMail mail)
      throws MessagingException {
    Map<String, Map<String, Integer>> byRecipient = new TreeMap<>();
    for (MimeMessage message : mail.getReceivedMessages()) {
      String messageId = String.valueOf(message.getMessageID());
      for (var address : message.getAllRecipients()) {
        String email = address.toString().replaceAll(".*<|>.*", "");
        byRecipient.computeIfAbsent(email, e -> new TreeMap<>()).merge(messageId, 1, Integer::sum);
      }
    }
    return byRecipient;
  }

  /** The step of a run's status document by name. */
  static JsonObject step(JsonObject run, String name) {
    for (Object step : run.getJsonArray("steps")) {
      if (name.equals(((JsonObject) step).getString("name"))) {
        return (JsonObject) step;
      }
    }
    return null;
  }

  void close() {
    client.close();
  }

  private Future<HttpResponse<Buffer>> get(String path) {
    return client.get(path).putHeader("Authorization", "Bearer " + bearer).timeout(20_000).send();
  }

  private static List<List<String>> chunks(List<String> ids) {
    List<List<String>> chunks = new ArrayList<>();
    for (int i = 0; i < ids.size(); i += IN_FLIGHT) {
      chunks.add(ids.subList(i, Math.min(ids.size(), i + IN_FLIGHT)));
    }
    return chunks;
  }

  private static <T> T await(Future<T> future, long seconds) throws Exception {
    return future.toCompletionStage().toCompletableFuture().get(seconds, TimeUnit.SECONDS);
  }
}
