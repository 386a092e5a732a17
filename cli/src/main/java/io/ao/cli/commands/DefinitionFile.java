package io.ao.cli.commands;

import com.fasterxml.jackson.databind.JsonNode;
import io.ao.cli.CliFailure;
import io.ao.cli.http.ApiClient;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.util.regex.Pattern;
import org.yaml.snakeyaml.DumperOptions;
import org.yaml.snakeyaml.LoaderOptions;
import org.yaml.snakeyaml.Yaml;
import org.yaml.snakeyaml.constructor.SafeConstructor;
import org.yaml.snakeyaml.error.MarkedYAMLException;
import org.yaml.snakeyaml.error.YAMLException;
import org.yaml.snakeyaml.nodes.Tag;
import org.yaml.snakeyaml.representer.Representer;
import org.yaml.snakeyaml.resolver.Resolver;

/**
 * A workflow definition file as the JSON the API takes: {@code .yaml}/{@code .yml} through
 * SnakeYAML (plain data only: no tags that build objects), anything else as JSON. Any problem is a
 * usage error naming the file (and the line, for YAML).
 */
final class DefinitionFile {

  private DefinitionFile() {}

  static JsonNode read(Path file) {
    String text;
    try {
      text = Files.readString(file, StandardCharsets.UTF_8);
    } catch (NoSuchFileException e) {
      throw CliFailure.usage(file + ": no such file");
    } catch (IOException e) {
      throw CliFailure.usage(file + ": cannot read it: " + e.getMessage());
    }
    String name = file.getFileName().toString().toLowerCase(java.util.Locale.ROOT);
    JsonNode definition =
        name.endsWith(".yaml") || name.endsWith(".yml") ? yaml(file, text) : json(file, text);
    if (!definition.isObject()) {
      throw CliFailure.usage(file + ": a definition is an object (name, steps, ...)");
    }
    if (!definition.path("name").isTextual()) {
      throw CliFailure.usage(file + ": the definition has no name");
    }
    return definition;
  }

  private static JsonNode json(Path file, String text) {
    try {
      JsonNode json = ApiClient.JSON.readTree(text);
      if (json == null || json.isMissingNode()) {
        throw CliFailure.usage(file + ": empty");
      }
      return json;
    } catch (IOException e) {
      String reason = e.getMessage().lines().findFirst().orElse("");
      throw CliFailure.usage(file + ": not JSON: " + reason);
    }
  }

  private static JsonNode yaml(Path file, String text) {
    LoaderOptions options = new LoaderOptions();
    options.setAllowDuplicateKeys(false);
    Yaml yaml =
        new Yaml(
            new SafeConstructor(options),
            new Representer(new DumperOptions()),
            new DumperOptions(),
            options,
            new JsonLikeResolver());
    Object loaded;
    try {
      loaded = yaml.load(text);
    } catch (MarkedYAMLException e) {
      throw CliFailure.usage(
          file
              + ":"
              + (e.getProblemMark() == null ? "" : (e.getProblemMark().getLine() + 1) + ": ")
              + " not YAML: "
              + e.getProblem());
    } catch (YAMLException e) {
      throw CliFailure.usage(file + ": not YAML: " + e.getMessage());
    }
    if (loaded == null) {
      throw CliFailure.usage(file + ": empty");
    }
    return ApiClient.JSON.valueToTree(loaded);
  }

  /**
   * YAML 1.1 reads {@code on}, {@code off}, {@code yes} and {@code no} as booleans, which would
   * turn a trigger's {@code on:} into {@code true:}; and bare dates into timestamps. Only
   * true/false are booleans here and dates stay text, as they would in JSON.
   */
  private static final class JsonLikeResolver extends Resolver {
    private static final Pattern BOOLEAN =
        Pattern.compile("^(?:true|True|TRUE|false|False|FALSE)$");

    @Override
    protected void addImplicitResolvers() {
      addImplicitResolver(Tag.BOOL, BOOLEAN, "tTfF");
      addImplicitResolver(Tag.INT, INT, "-+0123456789");
      addImplicitResolver(Tag.FLOAT, FLOAT, "-+.0123456789");
      addImplicitResolver(Tag.MERGE, MERGE, "<");
      addImplicitResolver(Tag.NULL, NULL, "~nN\0");
      addImplicitResolver(Tag.NULL, EMPTY, null);
    }
  }
}
