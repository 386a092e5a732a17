package io.ao.api.fuzz;

import java.util.ArrayList;
import java.util.List;
import java.util.Random;

/**
 * Strings that match the document's patterns. Covers the regex subset such patterns use: anchors,
 * literals and escapes, \d and \w, character classes with ranges, groups, and the quantifiers ? * +
 * {n} {m,n}. Anything else is refused, so a new pattern cannot silently produce strings that do not
 * match it.
 */
final class PatternStrings {

  private final String pattern;
  private int at;

  private PatternStrings(String pattern) {
    this.pattern = pattern;
  }

  static String generate(String pattern, Random random) {
    PatternStrings parser = new PatternStrings(pattern);
    StringBuilder out = new StringBuilder();
    parser.sequence(false).forEach(node -> node.emit(random, out));
    return out.toString();
  }

  private interface Node {
    void emit(Random random, StringBuilder out);
  }

  private List<Node> sequence(boolean inGroup) {
    List<Node> nodes = new ArrayList<>();
    while (at < pattern.length()) {
      char c = pattern.charAt(at);
      if (c == ')' && inGroup) {
        at++;
        return nodes;
      }
      at++;
      Node atom =
          switch (c) {
            case '^', '$' -> (random, out) -> {};
            case '[' -> characterClass();
            case '(' -> group();
            case '\\' -> escape();
            case '.' -> chars("abcxyz0123");
            case '|', '*', '+', '?', '{' -> throw unsupported(c);
            default -> chars(String.valueOf(c));
          };
      nodes.add(quantified(atom));
    }
    if (inGroup) {
      throw unsupported('(');
    }
    return nodes;
  }

  private Node group() {
    if (pattern.startsWith("?:", at)) {
      at += 2;
    }
    List<Node> inner = sequence(true);
    return (random, out) -> inner.forEach(node -> node.emit(random, out));
  }

  private Node escape() {
    char c = pattern.charAt(at++);
    return switch (c) {
      case 'd' -> chars("0123456789");
      case 'w' -> chars("abcdefghijklmnopqrstuvwxyzABCDEFGHIJKLMNOPQRSTUVWXYZ0123456789_");
      case 's', 'D', 'W', 'S', 'b', 'B' -> throw unsupported(c);
      default -> chars(String.valueOf(c));
    };
  }

  private Node characterClass() {
    StringBuilder members = new StringBuilder();
    if (pattern.charAt(at) == '^') {
      throw unsupported('^');
    }
    while (pattern.charAt(at) != ']') {
      char c = pattern.charAt(at++);
      if (c == '\\') {
        c = pattern.charAt(at++);
        if (c == 'd') {
          members.append("0123456789");
          continue;
        }
      }
      if (pattern.charAt(at) == '-' && pattern.charAt(at + 1) != ']') {
        char end = pattern.charAt(at + 1);
        at += 2;
        for (char x = c; x <= end; x++) {
          members.append(x);
        }
      } else {
        members.append(c);
      }
    }
    at++;
    return chars(members.toString());
  }

  private Node quantified(Node atom) {
    if (at >= pattern.length()) {
      return atom;
    }
    int min;
    int max;
    switch (pattern.charAt(at)) {
      case '?' -> {
        min = 0;
        max = 1;
        at++;
      }
      case '*' -> {
        min = 0;
        max = 4;
        at++;
      }
      case '+' -> {
        min = 1;
        max = 4;
        at++;
      }
      case '{' -> {
        int close = pattern.indexOf('}', at);
        String[] bounds = pattern.substring(at + 1, close).split(",", -1);
        min = Integer.parseInt(bounds[0]);
        max =
            bounds.length == 1 ? min : bounds[1].isEmpty() ? min + 4 : Integer.parseInt(bounds[1]);
        at = close + 1;
      }
      default -> {
        return atom;
      }
    }
    return (random, out) -> {
      int times = min + random.nextInt(max - min + 1);
      for (int i = 0; i < times; i++) {
        atom.emit(random, out);
      }
    };
  }

  private static Node chars(String members) {
    return (random, out) -> out.append(members.charAt(random.nextInt(members.length())));
  }

  private IllegalArgumentException unsupported(char c) {
    return new IllegalArgumentException(
        "pattern construct '" + c + "' is not supported: " + pattern);
  }
}
