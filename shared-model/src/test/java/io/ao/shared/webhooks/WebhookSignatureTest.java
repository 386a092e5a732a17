package io.ao.shared.webhooks;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.charset.StandardCharsets;
import org.junit.jupiter.api.Test;

class WebhookSignatureTest {

  /** The example of the Standard Webhooks reference libraries' tests. */
  @Test
  void theSpecsExampleSignatureIsReproduced() {
    WebhookSignature signer = WebhookSignature.of("whsec_MfKQ9r8GKYqrTwjUPD8ILPZIo2LaLaSw");
    byte[] body = "{\"test\": 2432232314}".getBytes(StandardCharsets.UTF_8);

    String signature = signer.sign("msg_p5jXN8AQM9LWM0D4loKWxJek", 1614265330, body);

    assertThat(signature).isEqualTo("v1,g0hM9SsE+OTPJTGt/tmIKtSyZlE3uFJELVlNIOLJ1OE=");
    assertThat(
            signer.verifies("msg_p5jXN8AQM9LWM0D4loKWxJek", 1614265330, body, "v2,x " + signature))
        .isTrue();
    assertThat(signer.verifies("msg_p5jXN8AQM9LWM0D4loKWxJek", 1614265331, body, signature))
        .isFalse();
    assertThat(signer.verifies("msg_p5jXN8AQM9LWM0D4loKWxJek", 1614265330, body, "v1,!!!"))
        .isFalse();
    assertThat(signer.verifies("msg_p5jXN8AQM9LWM0D4loKWxJek", 1614265330, body, null)).isFalse();
  }

  @Test
  void aSecretIsWhsecAndBase64() {
    assertThat(WebhookSignature.newSecret()).startsWith("whsec_").hasSize(6 + 44);
    assertThatThrownBy(() -> WebhookSignature.of("abc"))
        .isInstanceOf(IllegalArgumentException.class);
  }
}
