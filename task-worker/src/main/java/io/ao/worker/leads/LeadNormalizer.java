package io.ao.worker.leads;

import io.vertx.core.json.JsonObject;
import java.util.Locale;

/**
 * Tidies a lead's contact fields: trims, collapses inner spaces, fixes names typed all in lower or
 * upper case, lower-cases the email's domain, and writes phone numbers in E.164 when they carry a
 * country code (+ or 00); other numbers keep their digits only.
 */
public final class LeadNormalizer {

  private LeadNormalizer() {}

  public static JsonObject normalize(JsonObject lead) {
    JsonObject out = lead.copy();
    for (String field : new String[] {"first_name", "last_name"}) {
      String name = out.getString(field);
      if (name != null) {
        out.put(field, name(collapse(name)));
      }
    }
    for (String field : new String[] {"company", "title"}) {
      String text = out.getString(field);
      if (text != null) {
        out.put(field, collapse(text));
      }
    }
    String email = out.getString("email");
    if (email != null) {
      String trimmed = email.trim();
      int at = trimmed.lastIndexOf('@');
      out.put(
          "email",
          at < 0
              ? trimmed
              : trimmed.substring(0, at + 1) + trimmed.substring(at + 1).toLowerCase(Locale.ROOT));
    }
    String phone = out.getString("phone");
    if (phone != null) {
      out.put("phone", phone(phone));
    }
    return out;
  }

  static String collapse(String text) {
    return text.trim().replaceAll("\\s+", " ");
  }

  /** "ada LOVELACE" stays as typed when mixed; "ADA" and "ada" become "Ada". */
  static String name(String name) {
    boolean allLower = name.equals(name.toLowerCase(Locale.ROOT));
    boolean allUpper = name.equals(name.toUpperCase(Locale.ROOT));
    if (!allLower && !allUpper) {
      return name;
    }
    StringBuilder out = new StringBuilder(name.length());
    boolean wordStart = true;
    for (char c : name.toLowerCase(Locale.ROOT).toCharArray()) {
      out.append(wordStart ? Character.toUpperCase(c) : c);
      wordStart = c == ' ' || c == '-' || c == '\'';
    }
    return out.toString();
  }

  static String phone(String phone) {
    String digits = phone.replaceAll("[^0-9]", "");
    String trimmed = phone.trim();
    if (trimmed.startsWith("+") && digits.length() >= 8 && digits.length() <= 15) {
      return "+" + digits;
    }
    if (trimmed.startsWith("00") && digits.length() >= 10 && digits.length() <= 17) {
      return "+" + digits.substring(2);
    }
    return digits.isEmpty() ? trimmed : digits;
  }
}
