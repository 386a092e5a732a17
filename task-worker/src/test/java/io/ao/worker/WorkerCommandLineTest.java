package io.ao.worker;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.List;
import org.junit.jupiter.api.Test;

class WorkerCommandLineTest {

  @Test
  void theSeedsFlagsAreUnderstood() {
    WorkerCommandLine line =
        WorkerCommandLine.parse(
            "--queue", "default", "--worker-id", "worker-1", "--concurrency", "8");
    assertThat(line.queues()).containsExactly("default");
    assertThat(line.workerId()).contains("worker-1");
    assertThat(line.concurrency()).contains(8);
  }

  @Test
  void equalsFormAndSeveralQueuesWork() {
    WorkerCommandLine line = WorkerCommandLine.parse("--queue=default,emails");
    assertThat(line.queues()).isEqualTo(List.of("default", "emails"));
    assertThat(line.workerId()).isEmpty();
  }

  @Test
  void badFlagsAreRefusedWithTheFlagNamed() {
    assertThatThrownBy(() -> WorkerCommandLine.parse("--concurrency", "0"))
        .hasMessageContaining("--concurrency");
    assertThatThrownBy(() -> WorkerCommandLine.parse("--concurrency", "lots"))
        .hasMessageContaining("--concurrency");
    assertThatThrownBy(() -> WorkerCommandLine.parse("--worker-id", "a b"))
        .hasMessageContaining("--worker-id");
    assertThatThrownBy(() -> WorkerCommandLine.parse("--queue"))
        .hasMessageContaining("needs a value");
    assertThatThrownBy(() -> WorkerCommandLine.parse("--verbose", "x"))
        .hasMessageContaining("unknown flag --verbose");
  }
}
