package io.ao.shared.webhooks;

import static org.assertj.core.api.Assertions.assertThat;

import java.net.InetAddress;
import java.util.List;
import org.junit.jupiter.api.Test;

class TargetPolicyTest {

  private final TargetPolicy strict = new TargetPolicy(List.of(), false);

  @Test
  void publicUrlsAreAcceptedWithTheirParts() {
    TargetPolicy.Checked checked = strict.check("https://hooks.example.com/in?x=1");
    assertThat(checked.accepted()).isTrue();
    assertThat(checked.target().orElseThrow())
        .isEqualTo(new TargetPolicy.Target(true, "hooks.example.com", 443, "/in?x=1"));
  }

  @Test
  void loopbackPrivateLinkLocalAndMetadataLiteralsAreRefusedWithTheAllowanceOff() {
    for (String url :
        List.of(
            "http://127.0.0.1:8080/",
            "http://169.254.169.254/latest/meta-data/",
            "http://10.0.0.5/",
            "http://192.168.1.1/",
            "http://172.16.0.1/",
            "http://100.64.0.1/",
            "http://0.0.0.0/",
            "http://[::1]/",
            "http://[fd00::1]/",
            "http://[fe80::1]/",
            "http://[::ffff:127.0.0.1]/")) {
      assertThat(strict.check(url).accepted()).as(url).isFalse();
    }
  }

  @Test
  void theAllowanceLetsLoopbackThrough() {
    assertThat(new TargetPolicy(List.of(), true).check("http://127.0.0.1:8080/").accepted())
        .isTrue();
  }

  @Test
  void schemesCredentialsAndHostsOffTheAllowListAreRefused() {
    TargetPolicy listed = new TargetPolicy(List.of("hooks.example.com", "*.partner.io"), false);
    assertThat(listed.check("https://hooks.example.com/").accepted()).isTrue();
    assertThat(listed.check("https://a.partner.io/").accepted()).isTrue();
    assertThat(listed.check("https://partner.io/").accepted()).isFalse();
    assertThat(listed.check("https://evilpartner.io/").accepted()).isFalse();
    assertThat(listed.check("https://other.example.com/").refusal()).contains("allowed_hosts");
    assertThat(strict.check("ftp://example.com/").accepted()).isFalse();
    assertThat(strict.check("file:///etc/passwd").accepted()).isFalse();
    assertThat(strict.check("https://user:pw@example.com/").refusal()).contains("credentials");
    assertThat(strict.check("not a url").accepted()).isFalse();
  }

  @Test
  void resolvedAddressesAreClassified() throws Exception {
    assertThat(strict.addressAllowed(InetAddress.getByName("93.184.216.34"))).isTrue();
    assertThat(strict.addressAllowed(InetAddress.getByName("2606:2800:220:1::1"))).isTrue();
    assertThat(strict.addressAllowed(InetAddress.getByName("127.0.0.2"))).isFalse();
    assertThat(strict.addressAllowed(InetAddress.getByName("169.254.169.254"))).isFalse();
    assertThat(strict.addressAllowed(InetAddress.getByName("2002:7f00:1::1"))).isFalse();
  }
}
