package io.ao.api.leads;

import io.ao.api.ApiDependencies;
import io.ao.api.http.EntityTags;
import io.ao.api.http.FieldError;
import io.ao.api.http.IfMatch;
import io.ao.api.http.ProblemException;
import io.ao.api.metrics.QueueGauges;
import io.ao.api.metrics.WorkflowCounters;
import io.ao.shared.crypto.Sha256;
import io.ao.shared.leads.FieldProblem;
import io.ao.shared.leads.LeadHash;
import io.ao.shared.leads.LeadKeys;
import io.ao.shared.leads.LeadNormalizer;
import io.ao.shared.leads.LeadSyncChain;
import io.ao.shared.leads.LeadValidator;
import io.ao.shared.queue.NewTask;
import io.ao.shared.queue.TaskTypes;
import io.ao.shared.workflows.Trigger.LeadEventType;
import io.ao.shared.workflows.engine.LeadWriteEffects;
import io.vertx.core.Future;
import io.vertx.core.json.JsonObject;
import java.util.List;
import java.util.UUID;
import java.util.function.UnaryOperator;

/**
 * What can be done to leads, whoever asks (the lead routes, a workflow's inline lead): each change
 * is one script that also enqueues the tasks it causes. A concurrent change is read again and
 * re-applied, unless the caller named the version it expects.
 *
 * <p>Contact fields are normalized here, on write (names, email domain, phone in E.164), so what a
 * write answers is what is stored and its ETag stays good: the worker only adds the system's fields
 * (score, CRM state), which do not change the version. Each change starts the lead's sync chain
 * (score, then CRM sync; {@link LeadSyncChain}) or joins the one under way.
 */
public final class LeadService {

  private static final int UPDATE_RETRIES = 3;
  // a definition written or a run of the lead moving between the reads and the write
  private static final int STALE_RETRIES = 5;

  private final LeadStore store;
  private final LeadListing listing;
  private final LeadNormalizer normalizer;
  private final int maxAttempts;
  private final QueueGauges gauges;
  private final LeadWriteEffects workflows;
  private final WorkflowCounters counters;

  public LeadService(
      LeadStore store,
      LeadNormalizer normalizer,
      int maxAttempts,
      QueueGauges gauges,
      LeadWriteEffects workflows,
      WorkflowCounters counters) {
    this.store = store;
    this.listing = new LeadListing(store);
    this.normalizer = normalizer;
    this.maxAttempts = maxAttempts;
    this.gauges = gauges;
    this.workflows = workflows;
    this.counters = counters;
  }

  /** A created lead's answer: the body, and whether it repeats an earlier request's answer. */
  public record Created(String id, long version, JsonObject body, boolean replayed) {}

  /**
   * Validates a client's lead document (a 422 naming each bad field) and creates it as {@link
   * #create} does: the one creation path of the API's lead routes and of signed intake.
   */
  public Future<Created> createValid(
      JsonObject body,
      String idempotencyKey,
      String principal,
      byte[] requestBody,
      String requestId) {
    JsonObject fields = LeadDocuments.withoutNulls(body);
    try {
      LeadProblems.requireValid(LeadValidator.validateFull(fields));
    } catch (ProblemException invalid) {
      return Future.failedFuture(invalid);
    }
    return create(fields, idempotencyKey, principal, requestBody, requestId);
  }

  /**
   * Stores a new, validated lead with its processing and CRM sync. With an Idempotency-Key, a
   * repeat of the same request (same body digest) gets the first answer again.
   */
  public Future<Created> create(
      JsonObject fields,
      String idempotencyKey,
      String principal,
      byte[] requestBody,
      String requestId) {
    String id = UUID.randomUUID().toString();
    JsonObject doc =
        LeadDocuments.newLead(id, normalizer.normalize(fields), System.currentTimeMillis());
    NewTask process = LeadSyncChain.process(id, 1, maxAttempts, requestId);
    JsonObject response =
        LeadHash.representation(doc, LeadDocuments.newSystemFields(), 1)
            .put("tasks", chainTasks(id, 1));
    String bodyDigest = Sha256.hex(requestBody);
    String idemKey =
        idempotencyKey == null
            ? null
            : store.keys().idempotency(principal, Sha256.hex(idempotencyKey));
    JsonObject record =
        idempotencyKey == null
            ? null
            : new JsonObject()
                .put("body_sha256", bodyDigest)
                .put("lead_id", id)
                .put("response", response);
    return stored(doc, List.of(process), idemKey, record, principal, requestId, STALE_RETRIES)
        .map(
            outcome ->
                switch (outcome.result()) {
                  case CREATED -> {
                    counted(process.type());
                    yield new Created(id, 1, response, false);
                  }
                  case EMAIL_TAKEN -> throw LeadProblems.emailTaken(outcome.existingId());
                  case REPLAYED -> replay(outcome.replay(), bodyDigest);
                  case OVER_QUOTA ->
                      throw LeadProblems.overQuota(outcome.existingId(), store.quotaBytesPerUser());
                  case STALE_DEFINITIONS -> throw stale();
                });
  }

  /**
   * Stores a new lead with the runs its lead.created triggers start, decided against the
   * definitions as cached; when the script finds them stale, decides again on fresh ones.
   */
  private Future<CreateOutcome> stored(
      JsonObject doc,
      List<NewTask> tasks,
      String idemKey,
      JsonObject record,
      String creator,
      String requestId,
      int retries) {
    JsonObject lead = LeadHash.representation(doc, LeadDocuments.newSystemFields(), 1);
    return workflows
        .of(LeadEventType.CREATED, lead, List.of(), requestId)
        .compose(
            effects ->
                store.create(
                    doc,
                    LeadValidator.normalizeEmail(doc.getString("email")),
                    tasks,
                    idemKey,
                    record,
                    creator,
                    new LeadStore.RunEffects(
                        effects.toJson(store.keys().queue().queue()).encode(), effects.epoch(), 0)))
        .compose(
            outcome -> {
              if (outcome.result() == CreateOutcome.Result.STALE_DEFINITIONS && retries > 0) {
                workflows.definitionsMoved();
                return stored(doc, tasks, idemKey, record, creator, requestId, retries - 1);
              }
              outcome.skippedWorkflows().forEach(counters::triggerSkipped);
              return Future.succeededFuture(outcome);
            });
  }

  /** Definitions changing faster than a write can read them: say so, let the client retry. */
  private static ProblemException stale() {
    return ProblemException.unavailable(
        "Workflow definitions changed during the write; nothing was stored. Retry the request.");
  }

  private static Created replay(JsonObject record, String bodyDigest) {
    if (!record.getString("body_sha256").equals(bodyDigest)) {
      throw ProblemException.invalid(
          "Idempotency-Key", "was used before with a different request body");
    }
    JsonObject response = record.getJsonObject("response");
    return new Created(record.getString("lead_id"), response.getLong("version"), response, true);
  }

  /**
   * For workflows given an inline lead: validates it, stores it without tasks of its own (the
   * workflow's steps process and sync it), or finds the lead that has its email. Completes with the
   * lead id.
   */
  public Future<String> createOrFind(JsonObject given, String creator, String requestId) {
    JsonObject fields = LeadDocuments.withoutNulls(given);
    List<FieldProblem> problems = LeadValidator.validateFull(fields);
    if (!problems.isEmpty()) {
      return Future.failedFuture(
          ProblemException.invalid(
              problems.stream()
                  .map(p -> new FieldError("lead." + p.field(), p.message()))
                  .toList()));
    }
    JsonObject doc =
        LeadDocuments.newLead(
            UUID.randomUUID().toString(), normalizer.normalize(fields), System.currentTimeMillis());
    return stored(doc, List.of(), null, null, creator, requestId, STALE_RETRIES)
        .map(
            outcome ->
                switch (outcome.result()) {
                  case CREATED -> doc.getString("id");
                  case EMAIL_TAKEN -> outcome.existingId();
                  case OVER_QUOTA ->
                      throw LeadProblems.overQuota(outcome.existingId(), store.quotaBytesPerUser());
                  case REPLAYED -> throw new IllegalStateException("no Idempotency-Key was sent");
                  case STALE_DEFINITIONS -> throw stale();
                });
  }

  public Future<Boolean> exists(String id) {
    return store.get(id).map(lead -> lead != null);
  }

  /** The stored lead; fails with 404 when there is none. */
  public Future<LeadStore.StoredLead> get(String id) {
    return store
        .get(id)
        .map(
            lead -> {
              if (lead == null) {
                throw LeadProblems.notFound(id);
              }
              return lead;
            });
  }

  /** The stored lead, when it is still at the version the caller named (if it named one). */
  private Future<LeadStore.StoredLead> current(String id, IfMatch ifMatch) {
    return get(id)
        .map(
            current -> {
              if (ifMatch != null && !ifMatch.matches(current.version())) {
                throw ifMatch.refusal("lead", current.version());
              }
              return current;
            });
  }

  /** One page of the listing, as JSON text. */
  public Future<String> list(LeadQuery query) {
    return listing.page(query);
  }

  /**
   * Applies {@code edit} (current document → new client fields) and stores the result with its CRM
   * sync; completes with the lead as stored, with its new version.
   */
  Future<JsonObject> change(
      String id, IfMatch ifMatch, UnaryOperator<JsonObject> edit, String requestId) {
    return attempt(id, ifMatch, edit, requestId, UPDATE_RETRIES, STALE_RETRIES);
  }

  private Future<JsonObject> attempt(
      String id,
      IfMatch ifMatch,
      UnaryOperator<JsonObject> edit,
      String requestId,
      int retries,
      int staleRetries) {
    Future<LeadStore.ActiveRuns> active = store.activeRuns(id);
    return current(id, ifMatch)
        .compose(current -> active.map(runs -> new Read(current, runs)))
        .compose(
            read -> {
              LeadStore.StoredLead current = read.lead();
              JsonObject fields = edit.apply(current.doc());
              LeadProblems.requireValid(LeadValidator.validateFull(fields));
              long now = System.currentTimeMillis();
              JsonObject doc =
                  LeadDocuments.replaced(current.doc(), normalizer.normalize(fields), now);
              long next = current.version() + 1;
              NewTask process = LeadSyncChain.process(id, next, maxAttempts, requestId);
              String oldEmail = LeadValidator.normalizeEmail(current.doc().getString("email"));
              String newEmail = LeadValidator.normalizeEmail(doc.getString("email"));
              JsonObject written = LeadHash.representation(doc, current.system(), next);
              return workflows
                  .of(LeadEventType.UPDATED, written, read.runs().runs(), requestId)
                  .compose(
                      effects ->
                          store.update(
                              id,
                              current.version(),
                              oldEmail,
                              doc,
                              newEmail,
                              List.of(process),
                              now,
                              new LeadStore.RunEffects(
                                  effects.toJson(store.keys().queue().queue()).encode(),
                                  effects.epoch(),
                                  read.runs().runsSeq())))
                  .compose(
                      outcome ->
                          switch (outcome.result()) {
                            case APPLIED -> {
                              outcome.skippedWorkflows().forEach(counters::triggerSkipped);
                              JsonObject system =
                                  current.system().copy().put(LeadHash.CRM_SYNC_STATE, "pending");
                              JsonObject tasks = new JsonObject();
                              if (!outcome.joinedLiveSync()) {
                                counted(process.type());
                                tasks = chainTasks(id, next);
                              }
                              yield Future.succeededFuture(
                                  LeadHash.representation(doc, system, outcome.version())
                                      .put("tasks", tasks));
                            }
                            case MISSING -> Future.failedFuture(LeadProblems.notFound(id));
                            case EMAIL ->
                                Future.failedFuture(LeadProblems.emailTaken(outcome.detail()));
                            case QUOTA ->
                                Future.failedFuture(
                                    LeadProblems.overQuota(
                                        outcome.detail(), store.quotaBytesPerUser()));
                            case VERSION ->
                                ifMatch != null || retries == 0
                                    ? Future.failedFuture(
                                        EntityTags.preconditionFailed(
                                            "lead", Long.parseLong(outcome.detail())))
                                    : attempt(id, null, edit, requestId, retries - 1, staleRetries);
                            case STALE -> {
                              if (staleRetries == 0) {
                                yield Future.failedFuture(stale());
                              }
                              workflows.definitionsMoved();
                              yield attempt(
                                  id, ifMatch, edit, requestId, retries, staleRetries - 1);
                            }
                          });
            });
  }

  private record Read(LeadStore.StoredLead lead, LeadStore.ActiveRuns runs) {}

  /**
   * Erases the lead's personal data and enqueues its removal from the CRM; its active workflow runs
   * are cancelled, with their outputs and pending tasks.
   */
  Future<Void> delete(String id, IfMatch ifMatch, String requestId) {
    return current(id, ifMatch)
        .compose(
            current -> {
              JsonObject payload =
                  new JsonObject()
                      .put("lead_id", id)
                      .put("crm_id", current.system().getString(LeadHash.CRM_ID));
              NewTask remove =
                  NewTask.withId(id + ".crm.delete", TaskTypes.CRM_DELETE, payload, maxAttempts)
                      .withRequestId(requestId);
              return store.delete(
                  id,
                  LeadValidator.normalizeEmail(current.doc().getString("email")),
                  List.of(remove),
                  System.currentTimeMillis());
            })
        .map(
            deleted -> {
              if (!deleted) {
                throw LeadProblems.notFound(id);
              }
              counted(TaskTypes.CRM_DELETE);
              return null;
            });
  }

  /** The lead script created tasks of these types (their ids are new): count them. */
  private void counted(String... types) {
    for (String type : types) {
      gauges.enqueued(store.keys().queue().queue(), type);
    }
  }

  /** A started chain's task ids; its crm_sync is enqueued when its lead_process has scored. */
  private static JsonObject chainTasks(String leadId, long chain) {
    return new JsonObject()
        .put("lead_process", LeadSyncChain.processTaskId(leadId, chain))
        .put("crm_sync", LeadSyncChain.crmTaskId(leadId, chain));
  }

  /** The service over the leads of the default queue's partition, where their tasks go. */
  public static LeadService from(ApiDependencies deps) {
    LeadStore store =
        new LeadStore(
            deps.redis(),
            new LeadKeys(deps.queues().defaultQueue().home().keys()),
            deps.config().leads().quotaBytesPerUser(),
            deps.config().queue().taskRetentionSeconds());
    return new LeadService(
        store,
        new LeadNormalizer(deps.config().leads().defaultPhoneRegion()),
        deps.config().queue().maxAttempts(),
        deps.gauges(),
        deps.engine().leadWrites(),
        deps.workflowCounters());
  }
}
