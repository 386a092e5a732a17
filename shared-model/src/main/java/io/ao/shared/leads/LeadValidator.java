package io.ao.shared.leads;

import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.OptionalInt;
import java.util.Set;
import java.util.TreeSet;
import java.util.regex.Pattern;

/**
 * The rules of a lead's client-writable fields, for create, full replacement and merge patches
 * alike: email required and valid, lengths, enums, types, unknown fields refused, server-managed
 * fields read-only; no control or invisible characters in an email, a name or any text a template
 * may quote ({@link UnsafeCharacters}), no look-alike email ({@link LeadEmails}). Returns every
 * problem, each naming its field.
 */
public final class LeadValidator {

  public static final Set<String> STATUSES =
      Set.of("new", "contacted", "qualified", "unqualified", "converted", "lost");
  public static final Set<String> SOURCES =
      Set.of("web_form", "referral", "event", "advertising", "partner", "import", "api", "other");

  /** Written by the server only. */
  public static final Set<String> READ_ONLY =
      Set.of(
          "id",
          "created_at",
          "updated_at",
          "version",
          "score",
          "crm_id",
          "crm_sync_state",
          "crm_synced_at");

  private static final Map<String, Integer> TEXT_LIMITS =
      Map.of("first_name", 100, "last_name", 100, "company", 200, "title", 100, "notes", 2_000);

  /** What a client writes. */
  public static final Set<String> WRITABLE =
      Set.of(
          "email",
          "first_name",
          "last_name",
          "phone",
          "company",
          "title",
          "source",
          "campaign_id",
          "status",
          "tags",
          "custom_fields",
          "notes");

  /** One-line texts an email template may put into a header (the subject). */
  private static final Set<String> LINES = Set.of("first_name", "last_name", "company", "title");

  private static final Pattern PHONE = Pattern.compile("[+0-9 ().-]{3,32}");
  private static final Pattern CAMPAIGN_ID = Pattern.compile("[A-Za-z0-9._-]{1,64}");
  private static final Pattern TAG = Pattern.compile("[^\\p{Cntrl}]{1,50}");
  private static final int MAX_TAGS = 20;
  private static final int MAX_CUSTOM_FIELDS = 50;
  private static final int MAX_CUSTOM_VALUE = 500;

  private LeadValidator() {}

  /** A complete lead (create or PUT): every rule, email required. */
  public static List<FieldProblem> validateFull(JsonObject lead) {
    List<FieldProblem> problems = new ArrayList<>();
    checkFieldNames(lead, problems);
    if (!lead.containsKey("email") || lead.getValue("email") == null) {
      problems.add(new FieldProblem("email", "is required"));
    }
    checkValues(lead, problems);
    return problems;
  }

  /** A JSON Merge Patch: the fields present are checked; null removes a field, but not email. */
  public static List<FieldProblem> validatePatch(JsonObject patch) {
    List<FieldProblem> problems = new ArrayList<>();
    checkFieldNames(patch, problems);
    if (patch.containsKey("email") && patch.getValue("email") == null) {
      problems.add(new FieldProblem("email", "is required and cannot be removed"));
    }
    checkValues(patch, problems);
    return problems;
  }

  /**
   * NFKC, trimmed and lower-cased ({@link LeadEmails#dedupeKey}): two leads with the same
   * normalized email are the same person.
   */
  public static String normalizeEmail(String email) {
    return LeadEmails.dedupeKey(email);
  }

  private static void checkFieldNames(JsonObject lead, List<FieldProblem> problems) {
    for (String name : new TreeSet<>(lead.fieldNames())) {
      if (READ_ONLY.contains(name)) {
        problems.add(new FieldProblem(name, "is set by the server and cannot be written"));
      } else if (!WRITABLE.contains(name)) {
        problems.add(new FieldProblem(name, "unknown field; allowed: " + new TreeSet<>(WRITABLE)));
      }
    }
  }

  private static void checkValues(JsonObject lead, List<FieldProblem> problems) {
    Object email = lead.getValue("email");
    if (email != null) {
      if (email instanceof String text) {
        LeadEmails.problem(text).ifPresent(p -> problems.add(new FieldProblem("email", p)));
      } else {
        problems.add(
            new FieldProblem(
                "email",
                "expected a valid email address of at most "
                    + LeadEmails.MAX_LENGTH
                    + " characters"));
      }
    }
    new TreeSet<>(TEXT_LIMITS.keySet())
        .forEach(
            field -> {
              int max = TEXT_LIMITS.get(field);
              Object value = lead.getValue(field);
              if (value != null && !(value instanceof String text && text.length() <= max)) {
                problems.add(
                    new FieldProblem(field, "expected a string of at most " + max + " characters"));
              } else if (value instanceof String text) {
                OptionalInt unsafe =
                    LINES.contains(field)
                        ? UnsafeCharacters.inLine(text)
                        : UnsafeCharacters.inText(text);
                unsafe.ifPresent(
                    c ->
                        problems.add(
                            new FieldProblem(
                                field,
                                "must not contain control or invisible characters, found "
                                    + UnsafeCharacters.name(c))));
              }
            });
    Object phone = lead.getValue("phone");
    // checked as it will be stored: the normalizer trims it, and what is stored must still match
    if (phone != null && !(phone instanceof String text && PHONE.matcher(text.trim()).matches())) {
      problems.add(
          new FieldProblem("phone", "expected 3-32 characters of digits, spaces and + ( ) . -"));
    }
    oneOf(lead, "status", STATUSES, problems);
    oneOf(lead, "source", SOURCES, problems);
    Object campaign = lead.getValue("campaign_id");
    if (campaign != null
        && !(campaign instanceof String text && CAMPAIGN_ID.matcher(text).matches())) {
      problems.add(new FieldProblem("campaign_id", "expected 1-64 characters of [A-Za-z0-9._-]"));
    }
    checkTags(lead.getValue("tags"), problems);
    checkCustomFields(lead.getValue("custom_fields"), problems);
  }

  private static void oneOf(
      JsonObject lead, String field, Set<String> allowed, List<FieldProblem> problems) {
    Object value = lead.getValue(field);
    if (value != null && !(value instanceof String text && allowed.contains(text))) {
      problems.add(new FieldProblem(field, "expected one of " + new TreeSet<>(allowed)));
    }
  }

  private static void checkTags(Object tags, List<FieldProblem> problems) {
    if (tags == null) {
      return;
    }
    if (!(tags instanceof JsonArray array) || array.size() > MAX_TAGS) {
      problems.add(
          new FieldProblem("tags", "expected an array of at most " + MAX_TAGS + " strings"));
      return;
    }
    for (int i = 0; i < array.size(); i++) {
      if (!(array.getValue(i) instanceof String tag && TAG.matcher(tag).matches())) {
        problems.add(
            new FieldProblem("tags[" + i + "]", "expected a string of 1-50 printable characters"));
      }
    }
  }

  private static void checkCustomFields(Object custom, List<FieldProblem> problems) {
    if (custom == null) {
      return;
    }
    if (!(custom instanceof JsonObject object) || object.size() > MAX_CUSTOM_FIELDS) {
      problems.add(
          new FieldProblem(
              "custom_fields", "expected an object of at most " + MAX_CUSTOM_FIELDS + " fields"));
      return;
    }
    object.forEach(
        entry -> {
          Object value = entry.getValue();
          boolean scalar =
              value == null
                  || value instanceof Number
                  || value instanceof Boolean
                  || (value instanceof String text && text.length() <= MAX_CUSTOM_VALUE);
          if (entry.getKey().length() > 64 || !scalar) {
            problems.add(
                new FieldProblem(
                    "custom_fields." + entry.getKey(),
                    "expected a name of at most 64 characters and a number, boolean or string of at most "
                        + MAX_CUSTOM_VALUE));
          }
        });
  }
}
