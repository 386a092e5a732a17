package io.ao.api.leads;

import io.ao.api.http.FieldError;
import io.ao.api.http.ProblemException;
import io.ao.shared.leads.FieldProblem;
import java.util.List;
import java.util.Map;

/** The problem+json answers particular to leads: invalid fields, no such lead, email taken. */
final class LeadProblems {

  private LeadProblems() {}

  /** 422 naming every invalid field, when the validator found any. */
  static void requireValid(List<FieldProblem> problems) {
    if (!problems.isEmpty()) {
      throw ProblemException.invalid(
          problems.stream().map(p -> new FieldError(p.field(), p.message())).toList());
    }
  }

  static ProblemException notFound(String id) {
    return ProblemException.notFound("No lead with id " + id);
  }

  /** 409 with the id of the lead that holds the email. */
  /** Issue 15: one agent stored 10,000 leads of 32 KB; each user's leads have a quota. */
  static ProblemException overQuota(String usedBytes, long quotaBytes) {
    return ProblemException.forbidden(
        "The leads you created hold "
            + usedBytes
            + " bytes, and this one would exceed your quota of "
            + quotaBytes
            + " bytes (leads.quota_bytes_per_user); delete leads or ask an operator to raise it");
  }

  static ProblemException emailTaken(String existingId) {
    return new ProblemException(
        409,
        "Conflict",
        "A lead with this email exists: " + existingId,
        List.of(new FieldError("email", "already used by lead " + existingId)),
        Map.of(),
        Map.of("existing_id", existingId));
  }
}
