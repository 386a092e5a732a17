package io.ao.api.auth;

import static io.ao.api.support.RunningApi.await;
import static org.assertj.core.api.Assertions.assertThat;

import io.ao.api.support.Problems;
import io.ao.api.support.RunningApi;
import io.ao.api.support.TestTokens;
import io.ao.devstack.junit.RedisServerExtension;
import io.ao.devstack.redis.LocalRedisServer;
import io.vertx.core.Vertx;
import io.vertx.core.http.HttpMethod;
import java.security.KeyPair;
import java.security.KeyPairGenerator;
import java.util.Base64;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

@ExtendWith(RedisServerExtension.class)
class AsymmetricTokensTest {

  @Test
  void rs256TokensFromAConfiguredKeyPairWorkAndHs256OnesAreRefused(LocalRedisServer redis)
      throws Exception {
    KeyPairGenerator generator = KeyPairGenerator.getInstance("RSA");
    generator.initialize(2048);
    KeyPair pair = generator.generateKeyPair();
    Vertx vertx = Vertx.vertx();
    try (RunningApi api =
        RunningApi.start(
            vertx,
            redis.url(),
            Map.of(
                "AO_AUTH_JWT_ALGORITHM",
                "RS256",
                "AO_AUTH_JWT_PRIVATE_KEY_PEM",
                pem("PRIVATE KEY", pair.getPrivate().getEncoded()),
                "AO_AUTH_JWT_PUBLIC_KEY_PEM",
                pem("PUBLIC KEY", pair.getPublic().getEncoded())))) {
      String token = api.tokenFor("admin", RunningApi.ADMIN_PASSWORD);
      String header =
          new String(Base64.getUrlDecoder().decode(token.substring(0, token.indexOf('.'))));
      assertThat(header).contains("\"alg\":\"RS256\"").contains("\"kid\":\"rs256-1\"");
      assertThat(
              await(
                      api.request(HttpMethod.GET, "/api/auth/me")
                          .putHeader("Authorization", "Bearer " + token)
                          .send())
                  .statusCode())
          .isEqualTo(200);
      Problems.assertProblem(
          await(
              api.request(HttpMethod.GET, "/api/auth/me")
                  .putHeader("Authorization", "Bearer " + TestTokens.valid("admin", "admin"))
                  .send()),
          401);
    } finally {
      await(vertx.close());
    }
  }

  private static String pem(String type, byte[] der) {
    return "-----BEGIN "
        + type
        + "-----\n"
        + Base64.getMimeEncoder(64, "\n".getBytes()).encodeToString(der)
        + "\n-----END "
        + type
        + "-----\n";
  }
}
