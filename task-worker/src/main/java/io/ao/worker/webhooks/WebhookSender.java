package io.ao.worker.webhooks;

import io.ao.shared.webhooks.TargetPolicy;
import io.ao.shared.webhooks.TargetPolicy.Target;
import io.ao.worker.handlers.PermanentTaskFailure;
import io.vertx.core.Future;
import io.vertx.core.Vertx;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.http.HttpClient;
import io.vertx.core.http.HttpClientOptions;
import io.vertx.core.http.HttpMethod;
import io.vertx.core.http.RequestOptions;
import io.vertx.core.net.SocketAddress;
import java.net.InetAddress;
import java.util.Map;

/**
 * Sends one signed webhook request, behind the SSRF guard: the URL is checked ({@link
 * TargetPolicy}), its host resolved off the event loop, every address it resolves to checked, and
 * the connection made to the checked address (the host stays in {@code Host} and TLS SNI), so a DNS
 * answer that changes between check and connect cannot send the request inward. Redirects are never
 * followed. A refused target is a {@link PermanentTaskFailure}: no retry makes it allowed.
 */
final class WebhookSender {

  private final Vertx vertx;
  private final TargetPolicy policy;
  private final HttpClient client;
  private final long timeoutMs;

  WebhookSender(Vertx vertx, TargetPolicy policy, long timeoutMs) {
    this.vertx = vertx;
    this.policy = policy;
    this.timeoutMs = timeoutMs;
    this.client =
        vertx.createHttpClient(
            new HttpClientOptions()
                .setConnectTimeout((int) timeoutMs)
                .setForceSni(true)
                .setVerifyHost(true));
  }

  /** The response's status code; fails when the request could not be made. */
  Future<Integer> post(String url, Map<String, String> headers, Buffer body) {
    TargetPolicy.Checked checked = policy.check(url);
    if (!checked.accepted()) {
      return Future.failedFuture(
          new PermanentTaskFailure("target refused: URL " + checked.refusal()));
    }
    Target target = checked.target().orElseThrow();
    return resolve(target.host()).compose(address -> send(target, address, headers, body));
  }

  private Future<InetAddress> resolve(String host) {
    return vertx
        .executeBlocking(() -> InetAddress.getAllByName(host), false)
        .recover(
            unknown ->
                Future.failedFuture(new IllegalStateException("cannot resolve host " + host)))
        .compose(
            addresses -> {
              for (InetAddress address : addresses) {
                if (!policy.addressAllowed(address)) {
                  return Future.failedFuture(
                      new PermanentTaskFailure(
                          "target refused: "
                              + host
                              + " resolves to a private, loopback or link-local address"));
                }
              }
              return Future.succeededFuture(addresses[0]);
            });
  }

  private Future<Integer> send(
      Target target, InetAddress address, Map<String, String> headers, Buffer body) {
    RequestOptions options =
        new RequestOptions()
            .setMethod(HttpMethod.POST)
            .setServer(SocketAddress.inetSocketAddress(target.port(), address.getHostAddress()))
            .setHost(target.host())
            .setPort(target.port())
            .setSsl(target.https())
            .setURI(target.pathAndQuery())
            .setFollowRedirects(false)
            .setConnectTimeout(timeoutMs)
            .setIdleTimeout(timeoutMs);
    headers.forEach(options::putHeader);
    return client
        .request(options)
        .compose(request -> request.send(body))
        .compose(
            response -> {
              // the body is not read: drain it so the connection can be reused
              response.handler(ignored -> {});
              return response.end().map(done -> response.statusCode());
            });
  }

  Future<Void> close() {
    return client.close();
  }
}
