package io.ao.api.audit;

import static io.ao.api.auth.Role.ADMIN;
import static io.vertx.core.http.HttpMethod.GET;
import static io.vertx.core.http.HttpMethod.POST;

import io.ao.api.ApiDependencies;
import io.ao.api.http.FieldError;
import io.ao.api.http.PageLimits;
import io.ao.api.http.ProblemException;
import io.ao.api.http.Responses;
import io.ao.api.http.RouteTable;
import io.vertx.core.Future;
import io.vertx.core.MultiMap;
import io.vertx.core.Vertx;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import io.vertx.ext.web.RoutingContext;
import java.nio.file.Path;
import java.time.Instant;
import java.time.format.DateTimeParseException;
import java.util.ArrayList;
import java.util.List;
import java.util.function.Predicate;
import java.util.regex.Pattern;

/**
 * Admin: read the audit log's streams with filters and their counts, back them up, list and
 * download backups.
 */
public final class AuditRoutes {

  private static final Pattern CURSOR = Pattern.compile("\\d{1,20}-\\d{1,20}");

  private final AuditReader reader;
  private final AuditLog log;
  private final AuditBackups backups;

  public AuditRoutes(AuditReader reader, AuditLog log, AuditBackups backups) {
    this.reader = reader;
    this.log = log;
    this.backups = backups;
  }

  public void list(RoutingContext ctx) {
    MultiMap query = ctx.queryParams();
    List<FieldError> errors = new ArrayList<>();
    String actor = query.get("actor");
    String action = query.get("action");
    long since = time(query.get("since"), "since", errors);
    long until = time(query.get("until"), "until", errors);
    int limit = limit(query.get("limit"), errors);
    String cursor = query.get("cursor");
    String streamName = query.get("stream");
    AuditStream stream =
        streamName == null ? AuditStream.MAIN : AuditStream.named(streamName).orElse(null);
    if (stream == null) {
      errors.add(new FieldError("stream", "expected main, security or anonymous"));
    }
    if (cursor != null && !isStreamIdAfterTheFirst(cursor)) {
      errors.add(new FieldError("cursor", "not a cursor returned by this endpoint"));
    }
    if (!errors.isEmpty()) {
      throw ProblemException.invalid(errors);
    }
    Predicate<AuditEntry> filter =
        entry ->
            (actor == null || actor.equals(entry.actor()))
                && (action == null
                    || (action.endsWith("*")
                        ? entry.action().startsWith(action.substring(0, action.length() - 1))
                        : action.equals(entry.action())));
    Future<AuditReader.Page> page = reader.query(stream, cursor, until, since, filter, limit);
    Future<AuditLog.Counts> counts = log.counts();
    Future.all(page, counts)
        .onSuccess(
            both -> {
              JsonArray items = new JsonArray();
              page.result()
                  .items()
                  .forEach(stored -> items.add(stored.entry().toJson().put("id", stored.id())));
              Responses.json(
                  ctx,
                  200,
                  new JsonObject()
                      .put("stream", stream.wireName())
                      .put("items", items)
                      .put("next_cursor", page.result().nextCursor())
                      .put("counts", json(counts.result())));
            })
        .onFailure(ctx::fail);
  }

  private static JsonObject json(AuditLog.Counts counts) {
    return new JsonObject()
        .put("anonymous_recorded", counts.anonymousRecorded())
        .put("anonymous_refused_unrecorded", counts.anonymousRefusedUnrecorded())
        .put("security_entries", counts.securityHeld())
        .put("security_max_entries", counts.securityMaxEntries())
        .put("security_dropped", counts.securityDropped())
        .put("security_backed_up_through", counts.securityBackedUpThrough());
  }

  public void backup(RoutingContext ctx) {
    String compress = ctx.queryParams().get("compress");
    if (compress != null && !compress.equals("true") && !compress.equals("false")) {
      throw ProblemException.invalid("compress", "expected true or false");
    }
    boolean gzip = !"false".equals(compress);
    AuditSnapshot.take(reader)
        .compose(
            snapshot ->
                backups
                    .write(snapshot.entries(), gzip)
                    .compose(
                        written ->
                            snapshot.lastSecurityId() == null
                                ? Future.succeededFuture(written)
                                : log.backedUpThrough(snapshot.lastSecurityId()).map(written)))
        .onSuccess(
            backup -> {
              ctx.response().putHeader("Location", "/api/admin/audit/backups/" + backup.name());
              Responses.json(ctx, 201, backup.toJson());
            })
        .onFailure(ctx::fail);
  }

  public void backups(RoutingContext ctx) {
    backups
        .list()
        .onSuccess(
            list -> {
              JsonArray items = new JsonArray();
              list.forEach(backup -> items.add(backup.toJson()));
              Responses.json(ctx, 200, new JsonObject().put("items", items));
            })
        .onFailure(ctx::fail);
  }

  public void download(RoutingContext ctx) {
    String name = ctx.pathParam("name");
    var file =
        backups
            .resolve(name)
            .orElseThrow(
                () ->
                    ProblemException.badRequest(
                        "not a backup name (audit-<time>-<id>.jsonl[.gz])"));
    ctx.vertx()
        .fileSystem()
        .exists(file.toString())
        .onSuccess(
            exists -> {
              if (!exists) {
                ctx.fail(ProblemException.notFound("No backup named " + name));
                return;
              }
              ctx.response()
                  .putHeader(
                      "Content-Type",
                      name.endsWith(".gz") ? "application/gzip" : "application/x-ndjson")
                  .putHeader("Content-Disposition", "attachment; filename=\"" + name + "\"")
                  .sendFile(file.toString())
                  .onFailure(ctx::fail);
            })
        .onFailure(ctx::fail);
  }

  /**
   * A cursor is the stream id of an entry: two unsigned 64-bit numbers, never 0-0 (the id below
   * every entry). Redis refuses anything else in XREVRANGE (cursor=0-0,
   * cursor=99999999999999999999-0), which must be a 400, not a Redis error.
   */
  private static boolean isStreamIdAfterTheFirst(String cursor) {
    if (!CURSOR.matcher(cursor).matches()) {
      return false;
    }
    String[] parts = cursor.split("-");
    try {
      long ms = Long.parseUnsignedLong(parts[0]);
      long seq = Long.parseUnsignedLong(parts[1]);
      return ms != 0 || seq != 0;
    } catch (NumberFormatException e) {
      return false;
    }
  }

  private static long time(String value, String field, List<FieldError> errors) {
    if (value == null) {
      return 0;
    }
    try {
      return value.chars().allMatch(Character::isDigit) && value.length() <= 15
          ? Long.parseLong(value)
          : Instant.parse(value).toEpochMilli();
    } catch (NumberFormatException | DateTimeParseException e) {
      errors.add(
          new FieldError(field, "expected milliseconds since the epoch or an ISO-8601 instant"));
      return 0;
    }
  }

  private static int limit(String value, List<FieldError> errors) {
    Integer limit = PageLimits.parse(value);
    if (limit == null) {
      errors.add(PageLimits.error());
      return PageLimits.DEFAULT;
    }
    return limit;
  }

  /** Mounts these routes, each with the least role that may call it. */
  public static void mount(RouteTable routes, Vertx vertx, ApiDependencies deps) {
    AuditRoutes audit =
        new AuditRoutes(
            new AuditReader(deps.redis(), deps.config().redis().keyPrefix()),
            deps.auditLog(),
            new AuditBackups(vertx, Path.of(deps.config().audit().backupDir())));
    routes
        .protectedRoute(GET, "/api/admin/audit", ADMIN, audit::list)
        .protectedRoute(POST, "/api/admin/audit/backup", ADMIN, audit::backup)
        .protectedRoute(GET, "/api/admin/audit/backups", ADMIN, audit::backups)
        .protectedRoute(GET, "/api/admin/audit/backups/:name", ADMIN, audit::download);
  }
}
