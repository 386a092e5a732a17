package io.ao.devstack.run;

import java.util.HashMap;
import java.util.Map;

/**
 * The variables the run command adds for the API and the worker it starts: its Redis, their ports,
 * and loopback as the address they listen on. A developer's machine serves itself; an operator who
 * wants the services on the network sets AO_HTTP_HOST / AO_WORKER_HTTP_HOST (the built-in default,
 * 0.0.0.0, is for containers).
 */
final class ChildEnvironment {

  static final String LOOPBACK = "127.0.0.1";

  private ChildEnvironment() {}

  static Map<String, String> of(
      Map<String, String> env, String redisUrl, int apiPort, int workerPort) {
    Map<String, String> child = new HashMap<>();
    child.put("AO_REDIS_URL", redisUrl);
    child.put("AO_HTTP_PORT", Integer.toString(apiPort));
    child.put("AO_WORKER_HTTP_PORT", Integer.toString(workerPort));
    for (String host : new String[] {"AO_HTTP_HOST", "AO_WORKER_HTTP_HOST"}) {
      String given = env.get(host);
      child.put(host, given == null || given.isBlank() ? LOOPBACK : given);
    }
    return child;
  }
}
