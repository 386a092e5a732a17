package io.ao.shared.leads;

import java.text.Normalizer;
import java.util.Locale;
import java.util.Optional;
import java.util.OptionalInt;
import java.util.Set;
import java.util.regex.Pattern;
import java.util.stream.Collectors;

/**
 * A lead's email: what makes it acceptable, its canonical form (Unicode NFKC, so a fullwidth {@code
 * ａ} is an {@code a}) and the form two emails are compared in for deduplication. The API checks it
 * on every write; the worker checks it again before mailing, for leads stored before these rules.
 */
public final class LeadEmails {

  public static final int MAX_LENGTH = 254;

  // Deliberately simple: one @, a dot in the domain, no spaces; the CRM and the mail server check
  // the rest.
  private static final Pattern SHAPE = Pattern.compile("[^@\\s]{1,64}@[^@\\s.]+(\\.[^@\\s.]+)+");

  private LeadEmails() {}

  /** NFKC, then trimmed: what is stored and mailed to. */
  public static String canonical(String email) {
    return Normalizer.normalize(email, Normalizer.Form.NFKC).trim();
  }

  /** Canonical and lower-cased: two leads whose emails have the same key are the same person. */
  public static String dedupeKey(String email) {
    return canonical(email).toLowerCase(Locale.ROOT);
  }

  /** What is wrong with {@code email}, or empty when it is acceptable. */
  public static Optional<String> problem(String email) {
    OptionalInt unsafe = UnsafeCharacters.inEmail(email);
    if (unsafe.isPresent()) {
      return Optional.of(
          "must not contain control or invisible characters, found "
              + UnsafeCharacters.name(unsafe.getAsInt()));
    }
    // checked as it will be stored: NFKC can lengthen a string, and can make an @ or a dot
    String canonical = canonical(email);
    if (email.length() > MAX_LENGTH
        || canonical.length() > MAX_LENGTH
        || !SHAPE.matcher(canonical).matches()) {
      return Optional.of("expected a valid email address of at most " + MAX_LENGTH + " characters");
    }
    int at = canonical.lastIndexOf('@');
    String domain = canonical.substring(at + 1);
    for (String label : domain.split("\\.")) {
      Optional<Set<Character.UnicodeScript>> mixed = MixedScripts.in(label);
      if (mixed.isPresent()) {
        return Optional.of(
            "domain label '" + label + "' mixes scripts " + names(mixed.get()) + " (look-alike)");
      }
    }
    for (String part : canonical.substring(0, at).split("\\.")) {
      Optional<Set<Character.UnicodeScript>> mixed = MixedScripts.in(part);
      if (mixed.isPresent()) {
        return Optional.of(
            "local part '" + part + "' mixes scripts " + names(mixed.get()) + " (look-alike)");
      }
    }
    return Optional.empty();
  }

  private static String names(Set<Character.UnicodeScript> scripts) {
    return scripts.stream().map(Enum::name).collect(Collectors.joining(" and "));
  }
}
