package io.ao.cli.http;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.MissingNode;
import io.ao.cli.CliFailure;
import io.ao.cli.ExitCode;
import java.io.IOException;
import java.net.ConnectException;
import java.net.URI;
import java.net.URLEncoder;
import java.net.http.HttpClient;
import java.net.http.HttpConnectTimeoutException;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.net.http.HttpTimeoutException;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Set;
import java.util.StringJoiner;

/**
 * The API over HTTP/1.1 (the JDK client; the API speaks only HTTP/1.1, so no h2c upgrade is tried).
 * A 2xx comes back as an {@link ApiResponse}; anything else, and a server that cannot be reached,
 * becomes a {@link CliFailure} with its exit code and one line.
 */
public final class ApiClient {

  public static final ObjectMapper JSON = new ObjectMapper();

  private static final Duration CONNECT_TIMEOUT = Duration.ofSeconds(5);

  private final URI base;
  private final Credential credential;
  private final HttpClient http;

  public ApiClient(URI base, Credential credential) {
    this.base = base;
    this.credential = credential;
    this.http =
        HttpClient.newBuilder()
            .version(HttpClient.Version.HTTP_1_1)
            .connectTimeout(CONNECT_TIMEOUT)
            .followRedirects(HttpClient.Redirect.NEVER)
            .build();
  }

  public URI base() {
    return base;
  }

  /** A request being put together: method, path, query and body. */
  public final class Call {
    private final String method;
    private final String path;
    private final Map<String, String> query = new LinkedHashMap<>();
    private JsonNode body;
    private Duration timeout = Duration.ofSeconds(30);
    private final Set<Integer> accepted = new HashSet<>();

    private Call(String method, String path) {
      this.method = method;
      this.path = path;
    }

    /** Adds {@code name=value} unless the value is null (an option that was not given). */
    public Call query(String name, Object value) {
      if (value != null) {
        query.put(name, value.toString());
      }
      return this;
    }

    public Call body(JsonNode json) {
      this.body = json;
      return this;
    }

    /** A non-2xx status the caller handles itself: it comes back as an answer, not a failure. */
    public Call accept(int status) {
      accepted.add(status);
      return this;
    }

    public Call timeout(Duration limit) {
      this.timeout = limit;
      return this;
    }

    public ApiResponse send() {
      return ApiClient.this.send(this);
    }
  }

  public Call get(String path) {
    return new Call("GET", path);
  }

  public Call post(String path) {
    return new Call("POST", path);
  }

  public Call put(String path) {
    return new Call("PUT", path);
  }

  public Call delete(String path) {
    return new Call("DELETE", path);
  }

  /** One path segment, percent-encoded (an id given on the command line is never a path). */
  public static String segment(String value) {
    return URLEncoder.encode(value, StandardCharsets.UTF_8).replace("+", "%20");
  }

  private ApiResponse send(Call call) {
    String target = call.method + " " + call.path;
    HttpRequest.Builder request =
        HttpRequest.newBuilder(uri(call))
            .timeout(call.timeout)
            .header("Accept", "application/json");
    if (credential != null) {
      request.header(credential.header(), credential.value());
    }
    if (call.body != null) {
      request
          .header("Content-Type", "application/json")
          .method(call.method, HttpRequest.BodyPublishers.ofString(call.body.toString()));
    } else {
      request.method(call.method, HttpRequest.BodyPublishers.noBody());
    }
    HttpResponse<String> response;
    try {
      response =
          http.send(request.build(), HttpResponse.BodyHandlers.ofString(StandardCharsets.UTF_8));
    } catch (HttpConnectTimeoutException e) {
      throw unreachable("no connection within " + CONNECT_TIMEOUT.toSeconds() + " s");
    } catch (HttpTimeoutException e) {
      throw unreachable("no answer to " + target + " within " + call.timeout.toSeconds() + " s");
    } catch (ConnectException e) {
      throw unreachable("connection refused");
    } catch (IOException e) {
      throw unreachable(e.getMessage() == null ? e.getClass().getSimpleName() : e.getMessage());
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw unreachable("interrupted");
    }
    JsonNode json = parse(response.body());
    int status = response.statusCode();
    if ((status < 200 || status > 299) && !call.accepted.contains(status)) {
      throw ProblemLine.failure(status, json, response.body(), target);
    }
    if (json == null) {
      throw new CliFailure(
          ExitCode.UNAVAILABLE, status + " from " + target + " is not JSON: cannot read it");
    }
    return new ApiResponse(status, json);
  }

  private URI uri(Call call) {
    StringJoiner query = new StringJoiner("&", "?", "").setEmptyValue("");
    call.query.forEach(
        (name, value) -> query.add(name + "=" + URLEncoder.encode(value, StandardCharsets.UTF_8)));
    String root = base.toString().replaceAll("/+$", "");
    return URI.create(root + call.path + query);
  }

  /** The body as JSON; MissingNode when empty (a 204), null when it is not JSON. */
  private static JsonNode parse(String body) {
    if (body == null || body.isBlank()) {
      return MissingNode.getInstance();
    }
    try {
      return JSON.readTree(body);
    } catch (JsonProcessingException e) {
      return null;
    }
  }

  private CliFailure unreachable(String why) {
    return new CliFailure(ExitCode.UNAVAILABLE, "cannot reach " + base + ": " + why);
  }
}
