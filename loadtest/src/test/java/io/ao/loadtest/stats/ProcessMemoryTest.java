package io.ao.loadtest.stats;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import java.net.InetAddress;
import java.net.ServerSocket;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;

class ProcessMemoryTest {

  @Test
  void onlyARunningProcessNamedByItsPidIsMeasured() {
    ProcessMemory self = ProcessMemory.of(ProcessHandle.current().pid()).orElseThrow();
    assertThat(self.pid()).isEqualTo(ProcessHandle.current().pid());
    assertThat(ProcessMemory.of(Long.MAX_VALUE)).isEmpty();
  }

  @Test
  void findsTheListeningSocketsOfAPortInAProcNetTable() {
    List<String> table =
        List.of(
            "  sl  local_address rem_address   st tx_queue rx_queue tr tm->when retrnsmt   uid  timeout inode",
            "   0: 0100007F:1F90 00000000:0000 0A 00000000:00000000 00:00000000 00000000  1000        0 4242 1 0",
            "   1: 0100007F:1F90 0100007F:C350 01 00000000:00000000 00:00000000 00000000  1000        0 4343 1 0",
            "   2: 00000000:1F91 00000000:0000 0A 00000000:00000000 00:00000000 00000000  1000        0 4444 1 0");
    assertThat(ProcessMemory.listeningInodes(table, 8080)).containsExactly("4242");
    assertThat(ProcessMemory.listeningInodes(table, 8081)).containsExactly("4444");
    assertThat(ProcessMemory.listeningInodes(table, 9999)).isEmpty();
  }

  @Test
  void tellsWhetherTheProcessListensOnThePort() throws Exception {
    assumeTrue(Files.isDirectory(Path.of("/proc/self/fd")), "Linux /proc");
    ProcessMemory self = ProcessMemory.of(ProcessHandle.current().pid()).orElseThrow();
    assertThat(self.residentMib()).isPositive();
    try (ServerSocket listening = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
      int other;
      try (ServerSocket closed = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
        other = closed.getLocalPort();
      }
      assertThat(self.listensOn(listening.getLocalPort())).contains(true);
      assertThat(self.listensOn(other)).contains(false);
    }
  }
}
