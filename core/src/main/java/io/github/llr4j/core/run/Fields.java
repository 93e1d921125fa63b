package io.github.llr4j.core.run;

import java.util.List;
import java.util.Map;

/**
 * Typed, validated access to a JSON object read back from a run folder: each getter fails with a
 * message naming the file, the field and what was expected, instead of a ClassCastException or a
 * NaN later on.
 */
public final class Fields {
  private final Map<String, Object> values;
  private final String where;

  /** {@code where} names the source in messages, e.g. {@code runs/a/model.json}. */
  public Fields(Map<String, Object> values, String where) {
    this.values = values;
    this.where = where;
  }

  public boolean has(String key) {
    return values.get(key) != null;
  }

  public String string(String key) {
    if (!(values.get(key) instanceof String s))
      throw new IllegalArgumentException(where + " must have the text field '" + key + "', got " + describe(key));
    return s;
  }

  /** An integer field in {@code [min, max]}. */
  public long integer(String key, long min, long max) {
    Object v = values.get(key);
    if (!(v instanceof Integer || v instanceof Long || v instanceof java.math.BigInteger))
      throw new IllegalArgumentException(where + " must have the integer field '" + key + "', got " + describe(key));
    long x = ((Number) v).longValue();
    if (v instanceof java.math.BigInteger || x < min || x > max)
      throw new IllegalArgumentException(where + " field '" + key + "' must be in [" + min + ", " + max + "], got " + v);
    return x;
  }

  /** A finite number field. */
  public double number(String key) {
    if (!(values.get(key) instanceof Number n) || !Double.isFinite(n.doubleValue()))
      throw new IllegalArgumentException(where + " must have the finite number field '" + key + "', got " + describe(key));
    return n.doubleValue();
  }

  /** A finite number field, or null when absent or null. */
  public Double optionalNumber(String key) {
    return values.get(key) == null ? null : number(key);
  }

  public boolean bool(String key) {
    if (!(values.get(key) instanceof Boolean b))
      throw new IllegalArgumentException(where + " must have the true/false field '" + key + "', got " + describe(key));
    return b;
  }

  /** A list of finite numbers. */
  public double[] numbers(String key) {
    if (!(values.get(key) instanceof List<?> l))
      throw new IllegalArgumentException(where + " must have the list field '" + key + "', got " + describe(key));
    double[] out = new double[l.size()];
    for (int i = 0; i < out.length; i++) {
      if (!(l.get(i) instanceof Number n) || !Double.isFinite(n.doubleValue()))
        throw new IllegalArgumentException(where + " field '" + key + "' must hold finite numbers, got " + l.get(i)
            + " at index " + i);
      out[i] = n.doubleValue();
    }
    return out;
  }

  /** A list of texts. */
  public List<String> strings(String key) {
    if (!(values.get(key) instanceof List<?> l))
      throw new IllegalArgumentException(where + " must have the list field '" + key + "', got " + describe(key));
    for (int i = 0; i < l.size(); i++)
      if (!(l.get(i) instanceof String))
        throw new IllegalArgumentException(where + " field '" + key + "' must hold texts, got " + l.get(i) + " at index " + i);
    @SuppressWarnings("unchecked")
    List<String> s = (List<String>) l;
    return List.copyOf(s);
  }

  /** A nested object. */
  public Fields object(String key) {
    if (!(values.get(key) instanceof Map<?, ?> m))
      throw new IllegalArgumentException(where + " must have the object field '" + key + "', got " + describe(key));
    @SuppressWarnings("unchecked")
    Map<String, Object> inner = (Map<String, Object>) m;
    return new Fields(inner, where + " '" + key + "'");
  }

  public Map<String, Object> values() {
    return values;
  }

  private String describe(String key) {
    Object v = values.get(key);
    if (!values.containsKey(key)) return "none";
    return v == null ? "null" : v instanceof String s ? "'" + s + "'" : String.valueOf(v);
  }
}
