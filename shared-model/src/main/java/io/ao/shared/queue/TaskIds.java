package io.ao.shared.queue;

import java.util.UUID;
import java.util.regex.Pattern;

/** Task ids: random UUIDs by default; callers may choose their own within a safe alphabet. */
public final class TaskIds {

  private static final Pattern VALID = Pattern.compile("[A-Za-z0-9._-]{1,128}");

  private TaskIds() {}

  public static String newId() {
    return UUID.randomUUID().toString();
  }

  /** Ids become part of Redis keys and URLs, so anything outside the alphabet is refused. */
  public static boolean isValid(String id) {
    return id != null && VALID.matcher(id).matches();
  }
}
