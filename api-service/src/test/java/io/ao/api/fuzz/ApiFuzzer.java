package io.ao.api.fuzz;

import io.vertx.core.MultiMap;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.function.Predicate;

/**
 * For every operation of the document: generate a valid request, damage it one way, send it with
 * one kind of credentials, and check the answer. Request {@code i} of operation {@code op} is drawn
 * from its own Random (seed, operationId, i), so one request can be replayed alone; the server's
 * state (what earlier requests created) is not part of that.
 */
final class ApiFuzzer {

  private final OpenApiDocument document;
  private final FuzzClient client;
  private final RequestFactory requests;
  private final DeclaredResponses declared;
  private final Map<Credential, List<MultiMap>> credentials;

  ApiFuzzer(
      OpenApiDocument document,
      FuzzClient client,
      RequestFactory requests,
      DeclaredResponses declared,
      Map<Credential, List<MultiMap>> credentials) {
    this.document = document;
    this.client = client;
    this.requests = requests;
    this.declared = declared;
    this.credentials = credentials;
  }

  FuzzReport run(long seed, int perOperation, Predicate<ApiOperation> selected) {
    FuzzReport report = new FuzzReport(seed, perOperation);
    // Operations that use their target up go last, each on fresh fixtures (see Fixtures).
    List<ApiOperation> operations =
        new ArrayList<>(document.operations().stream().filter(selected).toList());
    operations.sort(Comparator.comparing(ApiOperation::consumesItsTarget));
    for (ApiOperation operation : operations) {
      for (int i = 0; i < perOperation; i++) {
        Random random = new Random(requestSeed(seed, operation.operationId(), i));
        FuzzRequest request = next(operation, random);
        FuzzResponse response = client.send(request);
        int index = i;
        List<Finding> found = new ArrayList<>();
        List<String> problems = new ArrayList<>(ProblemShape.violations(response));
        problems.addAll(declared.violations(operation, response, request.leavesRoute()));
        problems.forEach(
            problem ->
                found.add(
                    new Finding(operation.label(), problem, index, request, response.status())));
        report.record(operation, response, found);
      }
    }
    return report;
  }

  FuzzRequest next(ApiOperation operation, Random random) {
    Credential credential = credential(random);
    Mutation mutation = mutation(operation, random);
    RequestDraft draft = requests.valid(operation, random);
    List<MultiMap> options = credentials.get(credential);
    if (!options.isEmpty()) {
      draft.headers.addAll(options.get(random.nextInt(options.size())));
    }
    Mutations.apply(mutation, draft, random);
    return draft.render(mutation, credential);
  }

  /** Mostly admin (so validation and success paths run), a fair share of every other kind. */
  private static Credential credential(Random random) {
    int roll = random.nextInt(20);
    if (roll < 9) {
      return Credential.ADMIN_JWT;
    }
    return switch (roll) {
      case 9, 10, 11 -> Credential.ADMIN_API_KEY;
      case 12, 13, 14 -> Credential.AGENT_JWT;
      case 15, 16 -> Credential.NONE;
      default -> Credential.FORGED;
    };
  }

  /** VALID three times as often as each kind of damage; body damage only where there is a body. */
  private static Mutation mutation(ApiOperation operation, Random random) {
    List<Mutation> applicable = new ArrayList<>(List.of(Mutation.VALID, Mutation.VALID));
    applicable.addAll(
        Arrays.stream(Mutation.values())
            .filter(m -> !m.needsBody() || !operation.bodyMediaTypes().isEmpty())
            .toList());
    return applicable.get(random.nextInt(applicable.size()));
  }

  static long requestSeed(long seed, String operationId, int index) {
    long h = seed * 0x9E3779B97F4A7C15L + operationId.hashCode();
    return h * 31 + index;
  }
}
