package io.ao.worker.consumer;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import org.junit.jupiter.api.Test;

class RetryBackoffTest {

  @Test
  void delaysDoubleWithEachAttemptWithinTheirJitterBand() {
    RetryBackoff lowest = new RetryBackoff(1_000, 60_000, () -> 0.0);
    RetryBackoff highest = new RetryBackoff(1_000, 60_000, () -> 0.999_999);

    assertThat(lowest.delayAfter(1)).isEqualTo(500);
    assertThat(highest.delayAfter(1)).isEqualTo(999);
    assertThat(lowest.delayAfter(2)).isEqualTo(1_000);
    assertThat(highest.delayAfter(2)).isEqualTo(1_999);
    assertThat(lowest.delayAfter(3)).isEqualTo(2_000);
  }

  @Test
  void belowTheCapALaterRetryNeverWaitsLessThanAnEarlierOneWhateverTheJitter() {
    RetryBackoff early = new RetryBackoff(200, 60_000, () -> 0.999_999);
    RetryBackoff late = new RetryBackoff(200, 60_000, () -> 0.0);
    // 200 ms doubled 8 times is 51.2 s, still under the 60 s cap
    for (int attempt = 1; attempt <= 8; attempt++) {
      assertThat(late.delayAfter(attempt + 1)).isGreaterThanOrEqualTo(early.delayAfter(attempt));
    }
  }

  @Test
  void delaysAreCappedAtTheMaximumEvenForHugeAttemptNumbers() {
    RetryBackoff backoff = new RetryBackoff(1_000, 60_000, () -> 0.999_999);
    assertThat(backoff.delayAfter(40)).isLessThanOrEqualTo(60_000).isGreaterThanOrEqualTo(30_000);
    assertThat(backoff.delayAfter(Integer.MAX_VALUE)).isLessThanOrEqualTo(60_000);
  }

  @Test
  void nonsenseBoundsAreRefused() {
    assertThatThrownBy(() -> new RetryBackoff(0, 10)).isInstanceOf(IllegalArgumentException.class);
    assertThatThrownBy(() -> new RetryBackoff(100, 10))
        .isInstanceOf(IllegalArgumentException.class);
  }
}
