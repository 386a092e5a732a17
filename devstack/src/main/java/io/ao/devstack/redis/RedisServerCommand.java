package io.ao.devstack.redis;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

/** The command line of a loopback redis-server for the run command and the tests. */
final class RedisServerCommand {

  private RedisServerCommand() {}

  /**
   * {@code appendFsync} null means no append-only file; {@code clusterEnabled} makes the server a
   * Cluster node, with a short node timeout since a loopback cluster agrees within a few hundred
   * ms.
   */
  static List<String> of(
      Path binary, int port, Path dir, String appendFsync, boolean clusterEnabled) {
    List<String> command =
        new ArrayList<>(
            List.of(
                binary.toString(),
                "--port",
                Integer.toString(port),
                "--bind",
                "127.0.0.1",
                "--dir",
                dir.toAbsolutePath().toString(),
                "--save",
                "",
                "--daemonize",
                "no",
                "--logfile",
                "redis.log",
                // Task and lead hashes hold JSON values of 100-500 bytes; above the default 64 a
                // hash leaves the compact listpack encoding and takes ~3x the memory (1,956 vs
                // 688 bytes for a finished task). The 6.2 name, which 7.x keeps as an alias.
                "--hash-max-ziplist-value",
                "1024"));
    if (clusterEnabled) {
      command.addAll(
          List.of(
              "--cluster-enabled",
              "yes",
              "--cluster-config-file",
              "nodes.conf",
              "--cluster-node-timeout",
              "5000"));
    }
    if (appendFsync != null) {
      command.addAll(List.of("--appendonly", "yes", "--appendfsync", appendFsync));
    } else {
      command.addAll(List.of("--appendonly", "no"));
    }
    return command;
  }
}
