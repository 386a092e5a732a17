package io.ao.cli;

import static org.assertj.core.api.Assertions.assertThat;

import io.ao.devstack.redis.FreePort;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * {@code ao} as its own process, as the wrapper runs it: the real environment, the real exit
 * status, and a stdin that is a pipe (so no console to ask).
 */
class AoMainProcessTest {

  @TempDir Path configHome;

  private record Exit(int status, String out, String err) {}

  private Exit run(String stdin, String... args) throws IOException, InterruptedException {
    List<String> command = new ArrayList<>();
    command.add(Path.of(System.getProperty("java.home"), "bin", "java").toString());
    command.add("-cp");
    command.add(System.getProperty("java.class.path"));
    command.add(AoMain.class.getName());
    command.addAll(List.of(args));
    ProcessBuilder builder = new ProcessBuilder(command);
    builder.environment().put("XDG_CONFIG_HOME", configHome.toString());
    builder.environment().put("AO_API_KEY", "ao_some-key");
    builder.environment().put("AO_URL", "http://127.0.0.1:" + FreePort.find());
    Process process = builder.start();
    process.getOutputStream().write(stdin.getBytes(StandardCharsets.UTF_8));
    process.getOutputStream().close();
    if (!process.waitFor(60, TimeUnit.SECONDS)) {
      process.destroyForcibly();
      throw new AssertionError("ao did not exit within 60 s");
    }
    return new Exit(
        process.exitValue(),
        new String(process.getInputStream().readAllBytes(), StandardCharsets.UTF_8),
        new String(process.getErrorStream().readAllBytes(), StandardCharsets.UTF_8));
  }

  @Test
  void aServerThatIsNotThereExits3WithOneLine() throws Exception {
    Exit exit = run("", "queues");
    assertThat(exit.status()).isEqualTo(3);
    assertThat(exit.out()).isEmpty();
    assertThat(exit.err().lines().toList()).hasSize(1);
    assertThat(exit.err()).startsWith("ao: cannot reach http://127.0.0.1:");
  }

  @Test
  void allWithAPipeForStdinIsRefusedWithExit2EvenIfThePipeSaysYes() throws Exception {
    Exit exit = run("y\n", "dead", "retry", "--all");
    assertThat(exit.status()).isEqualTo(2);
    assertThat(exit.err()).startsWith("ao: --all changes every matching dead letter: add --yes");
  }

  @Test
  void helpExits0AndAnUnknownCommandExits2() throws Exception {
    assertThat(run("", "--help").status()).isZero();
    Exit unknown = run("", "frobnicate");
    assertThat(unknown.status()).isEqualTo(2);
    assertThat(unknown.err().lines().toList()).hasSize(1);
  }
}
