package io.ao.loadtest.cli;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import org.junit.jupiter.api.Test;

class ThinkTimeTest {

  @Test
  void readsASingleValueOrARange() {
    assertThat(ThinkTime.parse("0")).isEqualTo(new ThinkTime(0, 0));
    assertThat(ThinkTime.parse("1.5")).isEqualTo(new ThinkTime(1.5, 1.5));
    assertThat(ThinkTime.parse("0.5-1.5")).isEqualTo(new ThinkTime(0.5, 1.5));
    assertThat(ThinkTime.parse("0.5-1.5").minMillis()).isEqualTo(500);
    assertThat(ThinkTime.parse("0.5-1.5").maxMillis()).isEqualTo(1500);
    assertThat(ThinkTime.parse("0.5-1.5")).hasToString("0.5-1.5");
    assertThat(ThinkTime.parse("2")).hasToString("2");
  }

  @Test
  void refusesWhatIsNotAThinkTime() {
    for (String bad : new String[] {"", "a", "1-", "-1", "2-1", "1-2-3", "NaN", "Infinity"}) {
      assertThatThrownBy(() -> ThinkTime.parse(bad))
          .as(bad)
          .isInstanceOf(IllegalArgumentException.class);
    }
  }
}
