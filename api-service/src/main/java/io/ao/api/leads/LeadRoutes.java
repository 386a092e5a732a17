package io.ao.api.leads;

import io.ao.api.auth.Principal;
import io.ao.api.http.FieldError;
import io.ao.api.http.JsonBodies;
import io.ao.api.http.ProblemException;
import io.ao.api.http.RequestIds;
import io.ao.api.http.Responses;
import io.ao.shared.leads.FieldProblem;
import io.ao.shared.leads.LeadValidator;
import io.ao.shared.queue.NewTask;
import io.ao.shared.queue.TaskTypes;
import io.ao.shared.queue.TaskIds;
import io.vertx.core.Future;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import io.vertx.ext.web.RoutingContext;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;
import java.util.UUID;

/**
 * Leads: create (deduplicated by normalized email, idempotent with Idempotency-Key), read
 * (ETag), list (filters, cursor), replace (PUT, If-Match), merge-patch (PATCH), delete
 * (erases personal data). Every change enqueues a CRM sync in the same Redis script.
 */
public final class LeadRoutes {

  private static final int LIST_CHUNK = 200;
  private static final int LIST_SCAN_LIMIT = 5_000;
  private static final int UPDATE_RETRIES = 3;

  private final LeadStore store;
  private final int maxAttempts;

  public LeadRoutes(LeadStore store, int maxAttempts) {
    this.store = store;
    this.maxAttempts = maxAttempts;
  }

  // ---- create ------------------------------------------------------------------------

  public void create(RoutingContext ctx) {
    JsonObject body = withoutNulls(JsonBodies.objectOf(ctx));
    requireValid(LeadValidator.validateFull(body));
    String idempotencyKey = ctx.request().getHeader("Idempotency-Key");
    if (idempotencyKey != null && (idempotencyKey.isBlank() || idempotencyKey.length() > 200)) {
      throw ProblemException.invalid("Idempotency-Key", "expected 1-200 characters");
    }
    long now = System.currentTimeMillis();
    String id = UUID.randomUUID().toString();
    JsonObject doc = newLead(id, body, now);
    String email = LeadValidator.normalizeEmail(doc.getString("email"));
    NewTask process = task(id + ".process", TaskTypes.LEAD_PROCESS, id, ctx);
    NewTask sync = task(id + ".crm.1", TaskTypes.CRM_UPDATE, id, ctx);
    JsonObject response = withVersion(doc, 1).put("tasks", new JsonObject()
      .put("lead_process", process.id()).put("crm_sync", sync.id()));
    String bodyDigest = sha256(ctx.body().buffer().getBytes());
    String principal = Principal.of(ctx).map(Principal::username).orElse("anonymous");
    String idemKey = idempotencyKey == null ? null
      : store.keys().idempotency(principal, sha256(idempotencyKey.getBytes(StandardCharsets.UTF_8)));
    JsonObject record = idempotencyKey == null ? null
      : new JsonObject().put("body_sha256", bodyDigest).put("lead_id", id).put("response", response);
    store.create(doc, email, List.of(process, sync), idemKey, record)
      .onSuccess(outcome -> {
        if (outcome.replay() != null) {
          replay(ctx, outcome.replay(), bodyDigest);
        } else if (!outcome.created()) {
          ctx.fail(new ProblemException(409, "Conflict", "A lead with this email exists: " + outcome.existingId(),
            List.of(new FieldError("email", "already used by lead " + outcome.existingId())), Map.of(),
            Map.of("existing_id", outcome.existingId())));
        } else {
          created(ctx, response, id, 1);
        }
      })
      .onFailure(ctx::fail);
  }

  private void replay(RoutingContext ctx, JsonObject record, String bodyDigest) {
    if (!record.getString("body_sha256").equals(bodyDigest)) {
      ctx.fail(ProblemException.invalid("Idempotency-Key", "was used before with a different request body"));
      return;
    }
    ctx.response().putHeader("Idempotent-Replayed", "true");
    JsonObject response = record.getJsonObject("response");
    created(ctx, response, record.getString("lead_id"), response.getLong("version"));
  }

  private static void created(RoutingContext ctx, JsonObject response, String id, long version) {
    ctx.response().putHeader("Location", "/api/leads/" + id).putHeader("ETag", etag(version));
    Responses.json(ctx, 201, response);
  }

  /**
   * For workflows given an inline lead: validates it, stores it without tasks of its own
   * (the workflow's steps process and sync it), or finds the lead that has its email.
   * Completes with the lead id.
   */
  public Future<String> createOrFind(JsonObject given) {
    JsonObject fields = withoutNulls(given);
    List<FieldProblem> problems = LeadValidator.validateFull(fields);
    if (!problems.isEmpty()) {
      return Future.failedFuture(ProblemException.invalid(problems.stream()
        .map(p -> new FieldError("lead." + p.field(), p.message())).toList()));
    }
    JsonObject doc = newLead(UUID.randomUUID().toString(), fields, System.currentTimeMillis());
    return store.create(doc, LeadValidator.normalizeEmail(doc.getString("email")), List.of(), null, null)
      .map(outcome -> outcome.created() ? doc.getString("id") : outcome.existingId());
  }

  public Future<Boolean> exists(String id) {
    return store.get(id).map(lead -> lead != null);
  }

  // ---- read ----------------------------------------------------------------------------

  public void get(RoutingContext ctx) {
    String id = leadId(ctx);
    store.get(id)
      .onSuccess(lead -> {
        if (lead == null) {
          ctx.fail(ProblemException.notFound("No lead with id " + id));
          return;
        }
        ctx.response().putHeader("ETag", etag(lead.version()));
        Responses.json(ctx, 200, lead.jsonWithVersion());
      })
      .onFailure(ctx::fail);
  }

  public void list(RoutingContext ctx) {
    LeadQuery query = LeadQuery.from(ctx.queryParams());
    Future<Long> start = query.cursor() != null
      ? store.rankOf(query.cursor()).map(rank -> {
        if (rank == null) {
          throw ProblemException.invalid("cursor", "the lead this cursor points at is gone; start again");
        }
        return rank + 1;
      })
      : query.createdBefore() == Long.MAX_VALUE ? Future.succeededFuture(0L) : store.countNewerThan(query.createdBefore());
    start.compose(rank -> scan(query, rank, new ArrayList<>(), 0))
      .onSuccess(page -> Responses.json(ctx, 200, page))
      .onFailure(ctx::fail);
  }

  private Future<String> scan(LeadQuery query, long rank, List<String> found, int scanned) {
    // unfiltered, a page needs exactly limit + 1 leads (the extra one says whether there is more)
    int chunkSize = query.filtersDocuments() ? LIST_CHUNK : query.limit() + 1;
    return store.newestFrom(rank, chunkSize).compose(chunk -> {
      List<String> ids = chunk.stream().map(LeadStore.Listed::id).toList();
      return store.getAll(ids).compose(leads -> {
        for (int i = 0; i < chunk.size(); i++) {
          LeadStore.Listed listed = chunk.get(i);
          if (listed.createdAt() < query.createdAfter()) {
            return Future.succeededFuture(page(found, null));
          }
          LeadStore.StoredLead lead = leads.get(i);
          if (lead != null && listed.createdAt() <= query.createdBefore()
            && (!query.filtersDocuments() || query.matches(lead.doc()))) {
            found.add(lead.jsonWithVersion());
            if (found.size() == query.limit()) {
              boolean more = i + 1 < chunk.size() || chunk.size() == chunkSize;
              return Future.succeededFuture(page(found, more ? listed.id() : null));
            }
          }
        }
        int seen = scanned + chunk.size();
        if (chunk.size() < chunkSize) {
          return Future.succeededFuture(page(found, null));
        }
        if (seen >= LIST_SCAN_LIMIT) {
          // a narrow filter over many leads: hand back what we have and where to go on
          return Future.succeededFuture(page(found, chunk.get(chunk.size() - 1).id()));
        }
        return scan(query, rank + chunk.size(), found, seen);
      });
    });
  }

  /** {"items": [...], "next_cursor": ...} from the items' JSON texts. */
  private static String page(List<String> items, String nextCursor) {
    StringBuilder page = new StringBuilder(64 + items.size() * 400).append("{\"items\":[");
    for (int i = 0; i < items.size(); i++) {
      page.append(i == 0 ? "" : ",").append(items.get(i));
    }
    return page.append("],\"next_cursor\":")
      .append(io.vertx.core.json.Json.encode(nextCursor))
      .append('}').toString();
  }

  // ---- change --------------------------------------------------------------------------

  public void replace(RoutingContext ctx) {
    JsonObject body = withoutNulls(JsonBodies.objectOf(ctx));
    requireValid(LeadValidator.validateFull(body));
    change(ctx, current -> body);
  }

  public void patch(RoutingContext ctx) {
    JsonObject patch = JsonBodies.objectOf(ctx);
    requireValid(LeadValidator.validatePatch(patch));
    change(ctx, current -> MergePatch.apply(clientFields(current), patch));
  }

  /** Read, apply, write with the version read; a concurrent change means read again (or 412 with If-Match). */
  private void change(RoutingContext ctx, java.util.function.Function<JsonObject, JsonObject> edit) {
    String id = leadId(ctx);
    Long ifMatch = ifMatch(ctx);
    attempt(ctx, id, ifMatch, edit, UPDATE_RETRIES)
      .onSuccess(updated -> {
        ctx.response().putHeader("ETag", etag(updated.getLong("version")));
        Responses.json(ctx, 200, updated);
      })
      .onFailure(ctx::fail);
  }

  private Future<JsonObject> attempt(RoutingContext ctx, String id, Long ifMatch,
                                     java.util.function.Function<JsonObject, JsonObject> edit, int retries) {
    return store.get(id).compose(current -> {
      if (current == null) {
        throw ProblemException.notFound("No lead with id " + id);
      }
      if (ifMatch != null && ifMatch != current.version()) {
        throw preconditionFailed(current.version());
      }
      JsonObject fields = edit.apply(current.doc());
      requireValid(LeadValidator.validateFull(fields));
      long now = System.currentTimeMillis();
      JsonObject doc = replaced(current.doc(), fields, now);
      long next = current.version() + 1;
      NewTask sync = task(id + ".crm." + next, TaskTypes.CRM_UPDATE, id, ctx);
      String oldEmail = LeadValidator.normalizeEmail(current.doc().getString("email"));
      String newEmail = LeadValidator.normalizeEmail(doc.getString("email"));
      return store.update(id, current.version(), oldEmail, doc, newEmail, List.of(sync), now).compose(outcome -> {
        if (outcome.applied()) {
          return Future.succeededFuture(withVersion(doc, outcome.version())
            .put("tasks", new JsonObject().put("crm_sync", sync.id())));
        }
        return switch (outcome.refusal()) {
          case "missing" -> Future.failedFuture(ProblemException.notFound("No lead with id " + id));
          case "email" -> Future.failedFuture(new ProblemException(409, "Conflict",
            "A lead with this email exists: " + outcome.detail(),
            List.of(new FieldError("email", "already used by lead " + outcome.detail())), Map.of(),
            Map.of("existing_id", outcome.detail())));
          default -> ifMatch != null || retries == 0
            ? Future.failedFuture(preconditionFailed(Long.parseLong(outcome.detail())))
            : attempt(ctx, id, null, edit, retries - 1);
        };
      });
    });
  }

  public void delete(RoutingContext ctx) {
    String id = leadId(ctx);
    Long ifMatch = ifMatch(ctx);
    store.get(id)
      .compose(current -> {
        if (current == null) {
          throw ProblemException.notFound("No lead with id " + id);
        }
        if (ifMatch != null && ifMatch != current.version()) {
          throw preconditionFailed(current.version());
        }
        JsonObject payload = new JsonObject().put("lead_id", id).put("crm_id", current.doc().getString("crm_id"));
        NewTask remove = NewTask.withId(id + ".crm.delete", TaskTypes.CRM_DELETE, payload, maxAttempts)
          .withRequestId(RequestIds.of(ctx));
        return store.delete(id, LeadValidator.normalizeEmail(current.doc().getString("email")), List.of(remove),
          System.currentTimeMillis());
      })
      .onSuccess(deleted -> {
        if (deleted) {
          Responses.noContent(ctx);
        } else {
          ctx.fail(ProblemException.notFound("No lead with id " + id));
        }
      })
      .onFailure(ctx::fail);
  }

  // ---- documents -----------------------------------------------------------------------

  private static JsonObject newLead(String id, JsonObject fields, long now) {
    JsonObject doc = defaults(fields.copy());
    doc.put("email", doc.getString("email").trim());
    return doc.put("id", id).put("score", null).put("crm_id", null).put("crm_sync_state", "pending")
      .put("created_at", now).put("updated_at", now);
  }

  /** The new client fields over the server fields of the current document. */
  private static JsonObject replaced(JsonObject current, JsonObject fields, long now) {
    JsonObject doc = defaults(fields.copy());
    doc.put("email", doc.getString("email").trim());
    for (String serverField : LeadValidator.READ_ONLY) {
      if (current.containsKey(serverField)) {
        doc.put(serverField, current.getValue(serverField));
      }
    }
    return doc.put("crm_sync_state", "pending").put("updated_at", now);
  }

  /**
   * In a full lead (POST, PUT, a workflow's inline lead) a null field is the field left out,
   * as the validator already reads it; stored as null it came back as a null status,
   * source or name that the Lead schema does not allow (found by the API fuzzer).
   */
  private static JsonObject withoutNulls(JsonObject body) {
    JsonObject copy = body.copy();
    body.fieldNames().stream().filter(name -> body.getValue(name) == null).toList().forEach(copy::remove);
    return copy;
  }

  private static JsonObject defaults(JsonObject doc) {
    if (!doc.containsKey("status")) {
      doc.put("status", "new");
    }
    if (!doc.containsKey("source")) {
      doc.put("source", "api");
    }
    if (!doc.containsKey("tags")) {
      doc.put("tags", new JsonArray());
    }
    if (!doc.containsKey("custom_fields")) {
      doc.put("custom_fields", new JsonObject());
    }
    return doc;
  }

  private static JsonObject clientFields(JsonObject doc) {
    JsonObject fields = doc.copy();
    LeadValidator.READ_ONLY.forEach(fields::remove);
    return fields;
  }

  private static JsonObject withVersion(JsonObject doc, long version) {
    return doc.copy().put("version", version);
  }

  private NewTask task(String id, String type, String leadId, RoutingContext ctx) {
    return NewTask.withId(id, type, new JsonObject().put("lead_id", leadId), maxAttempts)
      .withRequestId(RequestIds.of(ctx));
  }

  private static void requireValid(List<FieldProblem> problems) {
    if (!problems.isEmpty()) {
      throw ProblemException.invalid(problems.stream().map(p -> new FieldError(p.field(), p.message())).toList());
    }
  }

  private static String leadId(RoutingContext ctx) {
    String id = ctx.pathParam("id");
    if (!TaskIds.isValid(id)) {
      throw ProblemException.badRequest("lead id must be 1-128 characters of [A-Za-z0-9._-]");
    }
    return id;
  }

  static String etag(long version) {
    return "\"" + version + "\"";
  }

  /** If-Match: "<version>" (or W/"<version>"); absent → null; anything else never matches. */
  private static Long ifMatch(RoutingContext ctx) {
    String header = ctx.request().getHeader("If-Match");
    if (header == null) {
      return null;
    }
    String value = header.trim();
    if (value.startsWith("W/")) {
      value = value.substring(2);
    }
    if (value.length() > 2 && value.startsWith("\"") && value.endsWith("\"")) {
      try {
        return Long.parseLong(value.substring(1, value.length() - 1));
      } catch (NumberFormatException ignored) {
        // falls through: a tag we never issued
      }
    }
    return -1L;
  }

  private static ProblemException preconditionFailed(long currentVersion) {
    return new ProblemException(412, "Precondition Failed",
      "The lead changed since you read it; its current ETag is " + etag(currentVersion), List.of(),
      Map.of("ETag", etag(currentVersion)));
  }

  private static String sha256(byte[] bytes) {
    try {
      return HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256").digest(bytes));
    } catch (NoSuchAlgorithmException e) {
      throw new IllegalStateException("SHA-256 is required by every JVM", e);
    }
  }
}
