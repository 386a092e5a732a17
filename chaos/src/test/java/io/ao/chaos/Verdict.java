package io.ao.chaos;

import com.icegreen.greenmail.util.GreenMail;
import io.ao.chaos.SteadyLoad.Kind;
import io.ao.chaos.SteadyLoad.Outcome;
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
import java.util.Objects;
import java.util.Set;
import java.util.TreeMap;
import java.util.concurrent.TimeUnit;

/**
 * The ground truth after a run, read back once the faults are over: every answer the load got
 * compared with what Redis (through the API), the CRM and the mailbox hold.
 *
 * @param accepted requests answered 2xx
 * @param lost accepted writes the API cannot find afterwards
 * @param workflowStates accepted workflows by final status
 * @param notTerminal workflows still running when the wait ended (id: step states)
 * @param crmDuplicates emails with more than one CRM lead
 * @param mailDuplicates recipients who got more than one distinct follow-up (distinct Message-IDs)
 * @param mailRepeats messages received again with a Message-ID the recipient already had: a
 *     redelivered send, which the mailbox collapses into one
 * @param leadsNotSynced accepted leads whose CRM sync did not end "synced"
 * @param mailsMissing succeeded workflows whose follow-up never arrived
 * @param crmSyncedAtByEmail when each synced lead reached the CRM (ms), for recovery times
 * @param lostSentAtMs when each lost write was sent and answered (ms since the epoch), to place the
 *     loss against the fault
 * @param noAnswerButWritten requests that got no answer but whose lead exists: the client cannot
 *     tell, which is why no answer is not an acceptance
 */
record Verdict(
    int requests,
    int accepted,
    Map<Integer, Integer> rejectedByStatus,
    int noAnswer,
    int lost,
    Map<String, Integer> workflowStates,
    Map<String, String> notTerminal,
    long crmDuplicates,
    long mailDuplicates,
    long mailRepeats,
    int leadsNotSynced,
    int mailsMissing,
    int crmRepeatsAbsorbed,
    Map<String, Long> crmSyncedAtByEmail,
    List<String> noAnswerErrors,
    List<String> lostSentAtMs,
    int noAnswerButWritten) {

  private static final Set<String> TERMINAL = Set.of("succeeded", "failed", "cancelled");

  int duplicateSideEffects() {
    return (int) (crmDuplicates + mailDuplicates);
  }

  /** Reads everything back; waits up to {@code settleMs} for accepted workflows to finish. */
  static Verdict reach(
      Vertx vertx,
      int apiPort,
      String bearer,
      List<Outcome> outcomes,
      FaultyCrm crm,
      GreenMail mail,
      long settleMs)
      throws Exception {
    WebClient client =
        WebClient.create(
            vertx,
            new WebClientOptions().setDefaultHost("127.0.0.1").setDefaultPort(apiPort),
            new PoolOptions().setHttp1MaxSize(16));
    try {
      Reader reader = new Reader(client, bearer);
      Map<Integer, Integer> rejected = new TreeMap<>();
      int noAnswer = 0;
      List<String> noAnswerErrors = new ArrayList<>();
      List<Outcome> accepted = new ArrayList<>();
      for (Outcome outcome : outcomes) {
        if (outcome.accepted()) {
          accepted.add(outcome);
        } else if (outcome.status() == -1) {
          noAnswer++;
          noAnswerErrors.add(outcome.kind() + " " + outcome.email() + ": " + outcome.error());
        } else {
          rejected.merge(outcome.status(), 1, Integer::sum);
        }
      }
      Map<String, JsonObject> runs = reader.awaitTerminalRuns(accepted, settleMs);
      int lost = 0;
      List<String> lostAt = new ArrayList<>();
      int notSynced = 0;
      Map<String, Long> syncedAt = new HashMap<>();
      for (Outcome outcome : accepted) {
        String leadId =
            outcome.kind() == Kind.LEAD
                ? outcome.id()
                : runs.get(outcome.id()) == null
                    ? null
                    : runs.get(outcome.id()).getString("lead_id");
        JsonObject lead = leadId == null ? null : reader.lead(leadId);
        if (lead == null
            || !outcome.email().equals(lead.getString("email"))
            || (outcome.kind() == Kind.WORKFLOW && runs.get(outcome.id()) == null)) {
          lost++;
          lostAt.add(
              outcome.kind()
                  + " sent "
                  + outcome.sentAtMs()
                  + " answered "
                  + outcome.answeredAtMs());
        } else if (!"synced".equals(lead.getString("crm_sync_state"))) {
          notSynced++;
        } else {
          syncedAt.put(outcome.email(), lead.getLong("crm_synced_at"));
        }
      }
      Map<String, Integer> states = new TreeMap<>();
      Map<String, String> notTerminal = new TreeMap<>();
      runs.forEach(
          (id, run) -> {
            String status = run.getString("status");
            states.merge(status, 1, Integer::sum);
            if (!TERMINAL.contains(status)) {
              notTerminal.put(id, run.getJsonArray("steps").encode());
            }
          });
      // read after the runs settled: a follow-up goes out as the last step
      Map<String, Map<String, Integer>> mailsByRecipient =
          mailsByRecipient(mail.getReceivedMessages());
      int missing = 0;
      for (Outcome outcome : accepted) {
        JsonObject run = outcome.kind() == Kind.WORKFLOW ? runs.get(outcome.id()) : null;
        if (run != null
            && "succeeded".equals(run.getString("status"))
            && !mailsByRecipient.containsKey(outcome.email())) {
          missing++;
        }
      }
      int noAnswerButWritten = 0;
      for (Outcome outcome : outcomes) {
        if (outcome.status() == -1 && reader.leadWithEmailExists(outcome.email())) {
          noAnswerButWritten++;
        }
      }
      long mailDuplicates =
          mailsByRecipient.values().stream().filter(ids -> ids.size() > 1).count();
      long mailRepeats =
          mailsByRecipient.values().stream()
              .flatMap(ids -> ids.values().stream())
              .mapToLong(copies -> copies - 1)
              .sum();
      return new Verdict(
          outcomes.size(),
          accepted.size(),
          rejected,
          noAnswer,
          lost,
          states,
          notTerminal,
          crm.emailsWithDuplicateLeads(),
          mailDuplicates,
          mailRepeats,
          notSynced,
          missing,
          crm.repeatedKeys(),
          syncedAt,
          noAnswerErrors,
          lostAt,
          noAnswerButWritten);
    } finally {
      client.close();
    }
  }

  /** Recipient → Message-ID → copies received. */
  private static Map<String, Map<String, Integer>> mailsByRecipient(MimeMessage[] messages)
      throws MessagingException {
    Map<String, Map<String, Integer>> byRecipient = new HashMap<>();
    for (MimeMessage message : messages) {
      String messageId = String.valueOf(message.getMessageID());
      for (var address : message.getAllRecipients()) {
        String email = address.toString().replaceAll(".*<|>.*", "");
        byRecipient.computeIfAbsent(email, e -> new HashMap<>()).merge(messageId, 1, Integer::sum);
      }
    }
    return byRecipient;
  }

  /** When the last lead accepted before {@code sentBeforeMs} reached the CRM; 0 when none did. */
  long lastCrmSyncOfRequestsSentBefore(List<Outcome> outcomes, long sentBeforeMs) {
    return outcomes.stream()
        .filter(o -> o.accepted() && o.sentAtMs() < sentBeforeMs)
        .map(o -> crmSyncedAtByEmail.get(o.email()))
        .filter(Objects::nonNull)
        .mapToLong(Long::longValue)
        .max()
        .orElse(0);
  }

  JsonObject toJson() {
    JsonObject rejected = new JsonObject();
    rejectedByStatus.forEach((status, count) -> rejected.put(Integer.toString(status), count));
    JsonObject states = new JsonObject();
    workflowStates.forEach(states::put);
    JsonObject stillRunning = new JsonObject();
    notTerminal.forEach(stillRunning::put);
    return new JsonObject()
        .put("requests", requests)
        .put("accepted", accepted)
        .put("rejected_by_status", rejected)
        .put("no_answer", noAnswer)
        .put("no_answer_errors", new JsonArray(noAnswerErrors))
        .put("no_answer_but_written", noAnswerButWritten)
        .put("accepted_writes_lost", lost)
        .put("lost_sent_and_answered_at_ms", new JsonArray(lostSentAtMs))
        .put("workflow_states", states)
        .put("workflows_not_terminal", stillRunning)
        .put("crm_emails_with_two_leads", crmDuplicates)
        .put("recipients_with_two_distinct_emails", mailDuplicates)
        .put("email_repeats_same_message_id", mailRepeats)
        .put("leads_not_synced", leadsNotSynced)
        .put("succeeded_workflows_without_mail", mailsMissing)
        .put("crm_repeats_absorbed_by_key", crmRepeatsAbsorbed);
  }

  /** Reads leads and runs through the API, a bounded number at a time. */
  private static final class Reader {
    private static final int IN_FLIGHT = 16;
    private final WebClient client;
    private final String bearer;

    Reader(WebClient client, String bearer) {
      this.client = client;
      this.bearer = bearer;
    }

    JsonObject lead(String id) throws Exception {
      HttpResponse<Buffer> response = get("/api/leads/" + id);
      return response.statusCode() == 200 ? response.bodyAsJsonObject() : null;
    }

    boolean leadWithEmailExists(String email) throws Exception {
      HttpResponse<Buffer> response =
          get("/api/leads?limit=10&q=" + URLEncoder.encode(email, StandardCharsets.UTF_8));
      if (response.statusCode() != 200) {
        throw new IllegalStateException(
            "lead search: " + response.statusCode() + " " + response.bodyAsString());
      }
      return response.bodyAsJsonObject().getJsonArray("items").stream()
          .anyMatch(item -> email.equals(((JsonObject) item).getString("email")));
    }

    Map<String, JsonObject> awaitTerminalRuns(List<Outcome> accepted, long settleMs)
        throws Exception {
      Map<String, JsonObject> runs = new HashMap<>();
      List<String> open = new ArrayList<>();
      accepted.stream().filter(o -> o.kind() == Kind.WORKFLOW).forEach(o -> open.add(o.id()));
      long deadline = System.currentTimeMillis() + settleMs;
      while (true) {
        List<String> stillOpen = new ArrayList<>();
        for (List<String> chunk : chunks(open)) {
          List<Future<HttpResponse<Buffer>>> reads = new ArrayList<>();
          chunk.forEach(id -> reads.add(send("/api/workflows/" + id + "/status")));
          Future.join(new ArrayList<>(reads))
              .toCompletionStage()
              .toCompletableFuture()
              .get(60, TimeUnit.SECONDS);
          for (int i = 0; i < chunk.size(); i++) {
            HttpResponse<Buffer> response = reads.get(i).result();
            if (response.statusCode() != 200) {
              continue; // unknown run: counted as lost by the caller
            }
            JsonObject run = response.bodyAsJsonObject();
            runs.put(chunk.get(i), run);
            if (!TERMINAL.contains(run.getString("status"))) {
              stillOpen.add(chunk.get(i));
            }
          }
        }
        if (stillOpen.isEmpty() || System.currentTimeMillis() > deadline) {
          return runs;
        }
        open.clear();
        open.addAll(stillOpen);
        Thread.sleep(500);
      }
    }

    private static List<List<String>> chunks(List<String> ids) {
      List<List<String>> chunks = new ArrayList<>();
      for (int i = 0; i < ids.size(); i += IN_FLIGHT) {
        chunks.add(ids.subList(i, Math.min(ids.size(), i + IN_FLIGHT)));
      }
      return chunks;
    }

    private HttpResponse<Buffer> get(String path) throws Exception {
      return send(path).toCompletionStage().toCompletableFuture().get(30, TimeUnit.SECONDS);
    }

    private Future<HttpResponse<Buffer>> send(String path) {
      return client.get(path).putHeader("Authorization", "Bearer " + bearer).timeout(20_000).send();
    }
  }
}
