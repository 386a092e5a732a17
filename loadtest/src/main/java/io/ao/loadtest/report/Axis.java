package io.ao.loadtest.report;

import java.math.BigDecimal;
import java.math.MathContext;
import java.util.ArrayList;
import java.util.List;

/**
 * A chart axis from 0 to a round number at or above the data's maximum, in steps of 1, 2, 2.5 or 5
 * times a power of ten: the ticks {@code 0, step, 2 step, ... top}, four to six intervals, each
 * labelled.
 */
public record Axis(double step, List<Double> ticks) {

  private static final int MAX_INTERVALS = 6;

  public static Axis upTo(double max) {
    if (!(max > 0) || Double.isInfinite(max)) {
      return new Axis(1, List.of(0.0, 1.0));
    }
    // the smallest round step that covers max in at most 6 intervals; the candidates grow by at
    // most 2x each, so it takes at least 4
    double magnitude = Math.pow(10, Math.floor(Math.log10(max / MAX_INTERVALS)));
    double step = 0;
    int intervals = 0;
    for (double multiple : new double[] {1, 2, 2.5, 5, 10, 20}) {
      step = multiple * magnitude;
      intervals = (int) Math.ceil(max / step - 1e-9);
      if (intervals <= MAX_INTERVALS) {
        break;
      }
    }
    List<Double> ticks = new ArrayList<>();
    for (int i = 0; i <= Math.max(1, intervals); i++) {
      ticks.add(clean(i * step));
    }
    return new Axis(clean(step), List.copyOf(ticks));
  }

  public double top() {
    return ticks.get(ticks.size() - 1);
  }

  /** A tick's label: as many decimals as the step needs, no trailing zeros, e.g. 0, 2.5, 1000. */
  public static String label(double value) {
    return BigDecimal.valueOf(value)
        .round(new MathContext(12))
        .stripTrailingZeros()
        .toPlainString();
  }

  /** Takes away the binary noise of i * step (0.30000000000000004). */
  private static double clean(double value) {
    return BigDecimal.valueOf(value).round(new MathContext(12)).doubleValue();
  }
}
