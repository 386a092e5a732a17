package io.ao.system.k8s;

import java.io.File;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;
import org.yaml.snakeyaml.Yaml;

/**
 * The objects of one Kustomize overlay: rendered by {@code kubectl kustomize} when kubectl is on
 * PATH, else read from the YAML files of the base, the overlay and its components (every object,
 * without kustomize's patches: the checks then see the base values).
 */
final class RenderedManifests {

  static final Path K8S = Path.of("..", "k8s").toAbsolutePath().normalize();

  private RenderedManifests() {}

  static boolean kubectlAvailable() {
    String path = System.getenv("PATH");
    if (path == null) {
      return false;
    }
    for (String dir : path.split(File.pathSeparator)) {
      if (Files.isExecutable(Path.of(dir, "kubectl"))) {
        return true;
      }
    }
    return false;
  }

  @SuppressWarnings("unchecked")
  static List<Map<String, Object>> of(String overlay) {
    String text =
        kubectlAvailable() ? render(K8S.resolve("overlays").resolve(overlay)) : rawFiles(overlay);
    List<Map<String, Object>> objects = new ArrayList<>();
    for (Object document : new Yaml().loadAll(text)) {
      if (document instanceof Map<?, ?> map && map.containsKey("kind")) {
        objects.add((Map<String, Object>) map);
      }
    }
    return objects;
  }

  static String render(Path overlay) {
    try {
      Process process =
          new ProcessBuilder("kubectl", "kustomize", overlay.toString())
              .redirectErrorStream(true)
              .start();
      String output = new String(process.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
      if (!process.waitFor(60, TimeUnit.SECONDS) || process.exitValue() != 0) {
        throw new AssertionError("kubectl kustomize " + overlay + " failed:\n" + output);
      }
      return output;
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new AssertionError("interrupted", e);
    }
  }

  private static String rawFiles(String overlay) {
    StringBuilder all = new StringBuilder();
    for (Path dir :
        List.of(
            K8S.resolve("base"),
            K8S.resolve("overlays").resolve(overlay),
            K8S.resolve("components"))) {
      try (Stream<Path> files = Files.walk(dir)) {
        for (Path file :
            files
                .filter(
                    f ->
                        f.toString().endsWith(".yaml")
                            && !f.getFileName().toString().equals("kustomization.yaml"))
                .sorted()
                .toList()) {
          all.append(Files.readString(file)).append("\n---\n");
        }
      } catch (IOException e) {
        throw new UncheckedIOException(e);
      }
    }
    return all.toString();
  }
}
