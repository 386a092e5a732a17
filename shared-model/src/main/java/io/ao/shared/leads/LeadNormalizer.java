package io.ao.shared.leads;

import com.google.i18n.phonenumbers.NumberParseException;
import com.google.i18n.phonenumbers.PhoneNumberUtil;
import com.google.i18n.phonenumbers.PhoneNumberUtil.PhoneNumberFormat;
import com.google.i18n.phonenumbers.Phonenumber.PhoneNumber;
import io.vertx.core.json.JsonObject;
import java.util.Locale;

/**
 * Tidies a lead's contact fields: trims, collapses inner spaces, fixes names typed all in lower or
 * upper case, writes the email in NFKC (a fullwidth {@code ａ} becomes {@code a}) with its domain
 * lower-cased, and writes phone numbers in E.164 (libphonenumber): a number without a country code
 * is read in the configured default region's plan. A number that is not a valid one there is kept
 * as typed. Applied when a lead is written (the API), so what a write answers is what is stored.
 */
public final class LeadNormalizer {

  private static final PhoneNumberUtil PHONES = PhoneNumberUtil.getInstance();

  private final String defaultRegion;

  /** {@code defaultRegion}: ISO 3166 code (config {@code leads.default_phone_region}). */
  public LeadNormalizer(String defaultRegion) {
    this.defaultRegion = defaultRegion;
  }

  public JsonObject normalize(JsonObject lead) {
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
      String trimmed = LeadEmails.canonical(email);
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

  public String phone(String phone) {
    String trimmed = phone.trim();
    // 00 is the international prefix of most of the world; libphonenumber reads it only for the
    // default region's own prefix (011 in the US), so it is taken as + here.
    String international = trimmed.startsWith("00") ? "+" + trimmed.substring(2) : trimmed;
    try {
      PhoneNumber number = PHONES.parse(international, defaultRegion);
      if (PHONES.isValidNumber(number)) {
        return PHONES.format(number, PhoneNumberFormat.E164);
      }
    } catch (NumberParseException notANumber) {
      // kept as typed, below
    }
    // not a number of any plan: kept as typed (spaces tidied), which the validator accepted, so
    // nothing is lost and the stored value still matches the schema's phone pattern
    return collapse(trimmed);
  }
}
