package io.github.llr4j.core.reshape;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.function.Function;

/**
 * The catalogue of built-in reshaping functions (spec section 2), by the names and parameter names
 * the command line uses, plus convenience factories with the spec's defaults.
 */
public final class Reshapers {

  private Reshapers() {}

  private record Entry(Map<String, String> defaults, Function<Map<String, String>, LossReshaper> make) {}

  private static final Map<String, Entry> CATALOGUE = new LinkedHashMap<>();

  static {
    CATALOGUE.put("identity", new Entry(Map.of(), p -> new Identity()));
    CATALOGUE.put(
        "sech",
        new Entry(
            ordered("a", "2.5", "b", "0.15", "plus-base", "0", "shift", "false"),
            p -> new Sech(num(p, "a"), num(p, "b"), num(p, "plus-base"), bool(p, "shift"))));
    CATALOGUE.put(
        "sech-imagenet",
        new Entry(
            ordered("a", "4", "b", "0.15", "shift", "0.25", "circ", "1"),
            p -> new SechImageNet(num(p, "a"), num(p, "b"), num(p, "shift"), num(p, "circ"))));
    CATALOGUE.put("atan", new Entry(ordered("a", "1", "b", "1"), p -> new Atan(num(p, "a"), num(p, "b"))));
    CATALOGUE.put(
        "logexp",
        new Entry(
            ordered("a", "0.5", "k", "1", "q", "1"),
            p -> new LogExp(num(p, "a"), num(p, "k"), num(p, "q"))));
    CATALOGUE.put("linquad", new Entry(ordered("a", "1"), p -> new LinQuad(num(p, "a"))));
    CATALOGUE.put("linexp", new Entry(ordered("a", "1"), p -> new LinExp(num(p, "a"))));
    CATALOGUE.put(
        "window",
        new Entry(
            ordered("a", "1", "lo", "0", "hi", "1"),
            p -> new Window(num(p, "a"), num(p, "lo"), num(p, "hi"))));
    CATALOGUE.put("flooding", new Entry(ordered("b", "0"), p -> new Flooding(num(p, "b"))));
  }

  private static Map<String, String> ordered(String... kv) {
    Map<String, String> m = new LinkedHashMap<>();
    for (int i = 0; i < kv.length; i += 2) {
      m.put(kv[i], kv[i + 1]);
    }
    return m;
  }

  /** Prefix of a user formula in x ({@link ReshapeExpression}) where a catalogue name is expected. */
  public static final String EXPRESSION_PREFIX = "expr:";

  /** The catalogue names, in a stable order. */
  public static List<String> names() {
    return List.copyOf(CATALOGUE.keySet());
  }

  /**
   * Creates {@code name} from string parameters (as given on the command line); missing parameters
   * take the catalogue defaults (sech a=2.5 b=0.15 plus-base=0 shift=false, sech-imagenet a=4
   * b=0.15 shift=0.25 circ=1, atan a=b=1, logexp
   * a=0.5 k=q=1, linquad/linexp a=1, window a=1 lo=0 hi=1, flooding b=0). A name
   * {@code expr:FORMULA} is a user formula in x whose coefficients are exactly {@code params}
   * ({@link ReshapeExpression}).
   */
  public static LossReshaper create(String name, Map<String, String> params) {
    if (name != null && name.startsWith(EXPRESSION_PREFIX)) {
      return ReshapeExpression.parse(name.substring(EXPRESSION_PREFIX.length())).reshaper(params);
    }
    Entry e = CATALOGUE.get(name);
    if (e == null) {
      throw new IllegalArgumentException("reshaping function must be one of " + names()
          + " or expr:FORMULA (a formula in x, e.g. expr:x+a*x^2), got '" + name + "'");
    }
    Map<String, String> p = new LinkedHashMap<>(e.defaults());
    if (params != null) {
      for (Map.Entry<String, String> kv : params.entrySet()) {
        if (!e.defaults().containsKey(kv.getKey())) {
          throw new IllegalArgumentException(
              name + " parameter must be one of " + e.defaults().keySet() + ", got '" + kv.getKey() + "'");
        }
        p.put(kv.getKey(), kv.getValue());
      }
    }
    return e.make().apply(p);
  }

  private static double num(Map<String, String> p, String key) {
    String v = p.get(key);
    try {
      return Double.parseDouble(v.trim());
    } catch (NumberFormatException | NullPointerException ex) {
      throw new IllegalArgumentException(key + " must be a number, got '" + v + "'");
    }
  }

  private static boolean bool(Map<String, String> p, String key) {
    String v = p.get(key);
    if ("true".equalsIgnoreCase(v)) return true;
    if ("false".equalsIgnoreCase(v)) return false;
    throw new IllegalArgumentException(key + " must be true or false, got '" + v + "'");
  }

  public static Identity identity() {
    return new Identity();
  }

  /** The LLR defaults a = 2.5, b = 0.15, no plus-base, not shifted. */
  public static Sech sech() {
    return new Sech(2.5, 0.15, 0, false);
  }

  public static Sech sech(double a, double b) {
    return new Sech(a, b, 0, false);
  }

  public static Sech sech(double a, double b, double plusBase, boolean shift) {
    return new Sech(a, b, plusBase, shift);
  }

  /** The ImageNet variant of sech: a, b, loss shift, wraps per unit loss (see {@link SechImageNet}). */
  public static SechImageNet sechImageNet(double a, double b, double shift, double circ) {
    return new SechImageNet(a, b, shift, circ);
  }

  public static Atan atan(double a, double b) {
    return new Atan(a, b);
  }

  public static LogExp logexp(double a, double k, double q) {
    return new LogExp(a, k, q);
  }

  public static LinQuad linquad(double a) {
    return new LinQuad(a);
  }

  public static LinExp linexp(double a) {
    return new LinExp(a);
  }

  public static Window window(double a, double lo, double hi) {
    return new Window(a, lo, hi);
  }

  public static Flooding flooding(double b) {
    return new Flooding(b);
  }
}
