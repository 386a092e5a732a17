package io.ao.shared.leads;

import java.lang.Character.UnicodeScript;
import java.util.EnumSet;
import java.util.List;
import java.util.Optional;
import java.util.Set;

/**
 * Whether one label (of a domain, or a dot-separated part of an email's local part) mixes writing
 * systems, as {@code exаmple} with a Cyrillic {@code а} does: the "highly restrictive" level of
 * Unicode's UTS #39 that browsers apply to IDN labels before showing them. Common (digits, hyphen)
 * and Inherited (combining marks) go with any script; besides a single script, only Japanese
 * (Latin, Han, Hiragana, Katakana), Chinese (Latin, Han, Bopomofo) and Korean (Latin, Han, Hangul)
 * mixtures pass. A label wholly in one other script ({@code аррӏе} all Cyrillic) is not detected.
 */
public final class MixedScripts {

  private static final List<Set<UnicodeScript>> ALLOWED_MIXTURES =
      List.of(
          EnumSet.of(
              UnicodeScript.LATIN,
              UnicodeScript.HAN,
              UnicodeScript.HIRAGANA,
              UnicodeScript.KATAKANA),
          EnumSet.of(UnicodeScript.LATIN, UnicodeScript.HAN, UnicodeScript.BOPOMOFO),
          EnumSet.of(UnicodeScript.LATIN, UnicodeScript.HAN, UnicodeScript.HANGUL));

  private MixedScripts() {}

  /** The scripts of {@code label} when they are a mixture no rule allows; empty when it is fine. */
  public static Optional<Set<UnicodeScript>> in(String label) {
    Set<UnicodeScript> scripts = EnumSet.noneOf(UnicodeScript.class);
    label
        .codePoints()
        .mapToObj(UnicodeScript::of)
        .filter(s -> s != UnicodeScript.COMMON && s != UnicodeScript.INHERITED)
        .forEach(scripts::add);
    if (scripts.size() <= 1 || ALLOWED_MIXTURES.stream().anyMatch(a -> a.containsAll(scripts))) {
      return Optional.empty();
    }
    return Optional.of(scripts);
  }
}
