package io.ao.shared.config;

import java.util.List;
import java.util.regex.Pattern;

/**
 * Which tasks the API accepts ({@code tasks} section).
 *
 * @param acceptedTypes the task types POST /api/tasks takes; any other type is refused with 422
 */
public record TasksConfig(List<String> acceptedTypes) {

  private static final Pattern NON_BLANK = Pattern.compile(".*\\S.*");

  public TasksConfig {
    acceptedTypes = List.copyOf(acceptedTypes);
  }

  static TasksConfig read(ConfigReader config) {
    return new TasksConfig(
        config.optionalStringList("tasks.accepted_types", NON_BLANK, "a non-blank task type"));
  }
}
