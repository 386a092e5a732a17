package io.ao.api.fuzz;

import io.vertx.core.MultiMap;
import io.vertx.core.buffer.Buffer;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.net.SocketTimeoutException;
import java.nio.charset.StandardCharsets;
import java.util.Arrays;
import java.util.Locale;

/**
 * Sends a request exactly as given (raw URI, duplicate headers, any bytes) over a plain socket, one
 * connection per request with {@code Connection: close}, and reads the answer to the end. No HTTP
 * client library in between, so an answer that never comes is the server's doing; the read gives up
 * well after the 2 s the invariant allows, so a hang shows as a finding rather than a stuck build.
 */
final class FuzzClient {

  static final int GIVE_UP_MS = 10_000;

  private final int port;

  FuzzClient(int port) {
    this.port = port;
  }

  FuzzResponse send(FuzzRequest request) {
    return send(request.method(), request.uri(), request.headers(), request.body());
  }

  FuzzResponse send(String method, String uri, MultiMap headers, Buffer body) {
    long start = System.nanoTime();
    try (Socket socket = new Socket()) {
      socket.connect(new InetSocketAddress("127.0.0.1", port), GIVE_UP_MS);
      socket.setSoTimeout(GIVE_UP_MS);
      OutputStream out = socket.getOutputStream();
      out.write(head(method, uri, headers, body).getBytes(StandardCharsets.UTF_8));
      if (body != null) {
        out.write(body.getBytes());
      }
      out.flush();
      byte[] answer = readAll(socket.getInputStream());
      return parse(answer, elapsedMs(start));
    } catch (SocketTimeoutException e) {
      return new FuzzResponse(
          -1, null, null, elapsedMs(start), "no answer within " + GIVE_UP_MS + " ms");
    } catch (IOException | RuntimeException e) {
      return new FuzzResponse(-1, null, null, elapsedMs(start), String.valueOf(e));
    }
  }

  private String head(String method, String uri, MultiMap headers, Buffer body) {
    StringBuilder head =
        new StringBuilder(method)
            .append(' ')
            .append(uri)
            .append(" HTTP/1.1\r\n")
            .append("Host: 127.0.0.1:")
            .append(port)
            .append("\r\n");
    headers.forEach(
        header ->
            head.append(header.getKey()).append(": ").append(header.getValue()).append("\r\n"));
    if (body != null && !headers.contains("Content-Length")) {
      head.append("Content-Length: ").append(body.length()).append("\r\n");
    }
    return head.append("Connection: close\r\n\r\n").toString();
  }

  private static byte[] readAll(InputStream in) throws IOException {
    ByteArrayOutputStream all = new ByteArrayOutputStream();
    byte[] chunk = new byte[16_384];
    for (int n; (n = in.read(chunk)) >= 0; ) {
      all.write(chunk, 0, n);
    }
    return all.toByteArray();
  }

  /** Status line, headers, and a body by Content-Length, chunked, or up to the close. */
  private static FuzzResponse parse(byte[] answer, long elapsedMs) {
    String text = new String(answer, StandardCharsets.ISO_8859_1);
    int end = text.indexOf("\r\n\r\n");
    if (!text.startsWith("HTTP/1.") || end < 0) {
      return new FuzzResponse(
          -1, null, null, elapsedMs, "not an HTTP answer: " + FuzzRequest.abbreviate(text, 80));
    }
    String[] lines = text.substring(0, end).split("\r\n");
    int status = Integer.parseInt(lines[0].split(" ")[1]);
    MultiMap headers = MultiMap.caseInsensitiveMultiMap();
    for (int i = 1; i < lines.length; i++) {
      int colon = lines[i].indexOf(':');
      headers.add(lines[i].substring(0, colon).trim(), lines[i].substring(colon + 1).trim());
    }
    byte[] rest = Arrays.copyOfRange(answer, end + 4, answer.length);
    Buffer body =
        "chunked"
                .equals(
                    headers.get("Transfer-Encoding") == null
                        ? null
                        : headers.get("Transfer-Encoding").toLowerCase(Locale.ROOT))
            ? dechunk(rest)
            : Buffer.buffer(rest);
    String length = headers.get("Content-Length");
    if (length != null && Integer.parseInt(length) < body.length()) {
      body = body.getBuffer(0, Integer.parseInt(length));
    }
    return new FuzzResponse(status, headers, body, elapsedMs, null);
  }

  private static Buffer dechunk(byte[] raw) {
    Buffer out = Buffer.buffer();
    String text = new String(raw, StandardCharsets.ISO_8859_1);
    int at = 0;
    while (at < text.length()) {
      int lineEnd = text.indexOf("\r\n", at);
      int size = Integer.parseInt(text.substring(at, lineEnd).split(";")[0].trim(), 16);
      if (size == 0) {
        break;
      }
      out.appendBytes(raw, lineEnd + 2, size);
      at = lineEnd + 2 + size + 2;
    }
    return out;
  }

  private static long elapsedMs(long startNanos) {
    return (System.nanoTime() - startNanos) / 1_000_000;
  }
}
