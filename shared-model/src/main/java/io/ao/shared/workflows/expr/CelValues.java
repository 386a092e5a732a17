package io.ao.shared.workflows.expr;

import dev.cel.common.values.NullValue;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import java.math.BigDecimal;
import java.math.BigInteger;
import java.util.ArrayList;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * JSON values as CEL runtime values: null as CEL's null, integral numbers as Long (CEL int), other
 * numbers as Double, objects and arrays as unmodifiable Maps and Lists, recursively. Integral means
 * by value, so {@code 60.0} from a parser is the int 60 and compares equal to {@code 60}.
 */
final class CelValues {

  private CelValues() {}

  static Object of(Object json) {
    if (json == null) {
      return NullValue.NULL_VALUE;
    }
    if (json instanceof String || json instanceof Boolean) {
      return json;
    }
    if (json instanceof Number number) {
      return number(number);
    }
    if (json instanceof JsonObject object) {
      return map(object.getMap());
    }
    if (json instanceof JsonArray array) {
      return list(array.getList());
    }
    if (json instanceof Map<?, ?> map) {
      return map(map);
    }
    if (json instanceof List<?> list) {
      return list(list);
    }
    // what a JsonObject may hold besides JSON types (an Instant, an enum, a CharSequence)
    return json.toString();
  }

  private static Object number(Number number) {
    if (number instanceof Long
        || number instanceof Integer
        || number instanceof Short
        || number instanceof Byte) {
      return number.longValue();
    }
    if (number instanceof BigInteger big) {
      return big.bitLength() < 64 ? (Object) big.longValue() : (Object) big.doubleValue();
    }
    if (number instanceof BigDecimal big) {
      try {
        return big.longValueExact();
      } catch (ArithmeticException notIntegral) {
        return big.doubleValue();
      }
    }
    double value = number.doubleValue();
    if (value == Math.rint(value) && Math.abs(value) < 0x1p63) {
      return (long) value;
    }
    return value;
  }

  private static Map<String, Object> map(Map<?, ?> json) {
    Map<String, Object> out = new LinkedHashMap<>(json.size() * 2);
    json.forEach((key, value) -> out.put(String.valueOf(key), of(value)));
    return Collections.unmodifiableMap(out);
  }

  private static List<Object> list(List<?> json) {
    List<Object> out = new ArrayList<>(json.size());
    json.forEach(value -> out.add(of(value)));
    return Collections.unmodifiableList(out);
  }
}
