package io.ao.api.leads;

import io.ao.api.http.FieldError;
import io.ao.api.http.PageLimits;
import io.ao.api.http.ProblemException;
import io.ao.shared.leads.LeadValidator;
import io.vertx.core.MultiMap;
import io.vertx.core.json.JsonObject;
import java.time.Instant;
import java.time.format.DateTimeParseException;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Set;
import java.util.TreeSet;
import java.util.regex.Pattern;

/** The filters of GET /api/leads, validated; {@link #matches} applies them to one lead. */
record LeadQuery(
    String status,
    String crmSyncState,
    String campaignId,
    String source,
    long createdAfter,
    long createdBefore,
    String q,
    int limit,
    String cursor) {

  private static final Set<String> PARAMETERS =
      Set.of(
          "status",
          "crm_sync_state",
          "campaign_id",
          "source",
          "created_after",
          "created_before",
          "q",
          "limit",
          "cursor");

  /** What {@code crm_sync_state} can read: see lead_create/lead_update.lua and lead_synced.lua. */
  static final Set<String> CRM_SYNC_STATES =
      Set.of("pending", "synced", "failed", "not_configured");

  private static final Pattern CURSOR = Pattern.compile("[A-Za-z0-9._-]{1,128}");

  static LeadQuery from(MultiMap params) {
    List<FieldError> errors = new ArrayList<>();
    params.names().stream()
        .filter(name -> !PARAMETERS.contains(name))
        .sorted()
        .forEach(
            name ->
                errors.add(
                    new FieldError(
                        name, "unknown query parameter; allowed: " + new TreeSet<>(PARAMETERS))));
    String status = params.get("status");
    if (status != null && !LeadValidator.STATUSES.contains(status)) {
      errors.add(
          new FieldError("status", "expected one of " + new TreeSet<>(LeadValidator.STATUSES)));
    }
    String crmSyncState = params.get("crm_sync_state");
    if (crmSyncState != null && !CRM_SYNC_STATES.contains(crmSyncState)) {
      errors.add(
          new FieldError("crm_sync_state", "expected one of " + new TreeSet<>(CRM_SYNC_STATES)));
    }
    String source = params.get("source");
    if (source != null && !LeadValidator.SOURCES.contains(source)) {
      errors.add(
          new FieldError("source", "expected one of " + new TreeSet<>(LeadValidator.SOURCES)));
    }
    long after = time(params.get("created_after"), "created_after", errors, 0);
    long before = time(params.get("created_before"), "created_before", errors, Long.MAX_VALUE);
    String q = params.get("q");
    if (q != null && (q.isBlank() || q.length() > 100)) {
      errors.add(new FieldError("q", "expected 1-100 characters"));
    }
    Integer limit = PageLimits.parse(params.get("limit"));
    if (limit == null) {
      errors.add(PageLimits.error());
    }
    String cursor = params.get("cursor");
    if (cursor != null && !CURSOR.matcher(cursor).matches()) {
      errors.add(new FieldError("cursor", "not a cursor returned by this endpoint"));
    }
    if (!errors.isEmpty()) {
      throw ProblemException.invalid(errors);
    }
    return new LeadQuery(
        status,
        crmSyncState,
        params.get("campaign_id"),
        source,
        after,
        before,
        q == null ? null : q.toLowerCase(Locale.ROOT),
        limit,
        cursor);
  }

  /**
   * True when some leads in the time range may not match, so a page may need more leads read than
   * it holds.
   */
  boolean filtersDocuments() {
    return status != null
        || crmSyncState != null
        || campaignId != null
        || source != null
        || q != null;
  }

  boolean matches(LeadStore.StoredLead stored) {
    if (crmSyncState != null && !crmSyncState.equals(stored.crmSyncState())) {
      return false;
    }
    JsonObject lead = stored.doc();
    return (status == null || status.equals(lead.getString("status")))
        && (campaignId == null || campaignId.equals(lead.getString("campaign_id")))
        && (source == null || source.equals(lead.getString("source")))
        && (q == null
            || startsWith(lead, "first_name")
            || startsWith(lead, "last_name")
            || startsWith(lead, "email")
            || startsWith(lead, "company"));
  }

  private boolean startsWith(JsonObject lead, String field) {
    String value = lead.getString(field);
    return value != null && value.toLowerCase(Locale.ROOT).startsWith(q);
  }

  private static long time(String value, String field, List<FieldError> errors, long absent) {
    if (value == null) {
      return absent;
    }
    try {
      return !value.isEmpty() && value.length() <= 15 && value.chars().allMatch(Character::isDigit)
          ? Long.parseLong(value)
          : Instant.parse(value).toEpochMilli();
    } catch (NumberFormatException | DateTimeParseException e) {
      errors.add(
          new FieldError(field, "expected milliseconds since the epoch or an ISO-8601 instant"));
      return absent;
    }
  }
}
