package io.github.llr4j.core.reshape;

import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.tensorflow.Operand;
import org.tensorflow.op.Ops;
import org.tensorflow.types.TFloat64;

/**
 * A reshaping function written as a formula in x, e.g. {@code x + a*x^2} or
 * {@code -a*b*sech(1.5*x/b) + x}: the command line's user-defined reshaping (spec section 2, "a
 * user-supplied f is a first-class reshaping"), turned into a {@link UserFunction}.
 *
 * <p>Grammar: numbers, {@code x}, the constants {@code pi} and {@code e}, coefficient names (any
 * other identifier; each must be given a value, and every given value must be used), {@code + - *
 * / ^} with the usual precedence ({@code ^} binds tighter than unary minus and is right
 * associative: {@code -x^2 = -(x^2)}), parentheses and the functions exp, log, sqrt, abs, tanh,
 * sinh, cosh, sech, atan. The graph is built from TensorFlow ops (sech in the overflow-free form
 * {@code 2 e^-|u| / (1 + e^-2|u|)}), so TF differentiates it; value and derivative on the host are
 * computed exactly by forward-mode dual numbers on the same tree, so reports and the usable-range
 * check need no session.
 */
public final class ReshapeExpression {

  private final String text;
  private final Node root;

  private ReshapeExpression(String text, Node root) {
    this.text = text;
    this.root = root;
  }

  /** Parses {@code text}; a syntax error names the position and what was expected. */
  public static ReshapeExpression parse(String text) {
    if (text == null || text.isBlank())
      throw new IllegalArgumentException("reshaping expression must be a formula in x, e.g. 'x + a*x^2', got '" + text + "'");
    Parser p = new Parser(text);
    Node n = p.sum();
    p.skipSpaces();
    if (p.pos < text.length()) throw p.error("an operator or the end");
    return new ReshapeExpression(text, n);
  }

  /** The coefficient names the formula uses, in order of first use. */
  public Set<String> coefficientNames() {
    Set<String> out = new LinkedHashSet<>();
    root.collect(out);
    return out;
  }

  /**
   * The reshaper {@code expr:<text>} with these coefficient values (strings, as the command line
   * gives them). Every name the formula uses needs a value and every value must be used; f and f'
   * must be finite at the normalised losses a run visits and f' non-zero somewhere there.
   */
  public UserFunction reshaper(Map<String, String> params) {
    Set<String> names = coefficientNames();
    Map<String, Double> c = new LinkedHashMap<>();
    for (String n : names) {
      String v = params == null ? null : params.get(n);
      if (v == null)
        throw new IllegalArgumentException("expression '" + text + "' uses coefficient '" + n + "'; give it with --param " + n + "=VALUE");
      try {
        c.put(n, Double.parseDouble(v.trim()));
      } catch (NumberFormatException e) {
        throw new IllegalArgumentException("expression coefficient " + n + " must be a number, got '" + v + "'");
      }
    }
    if (params != null)
      for (String k : params.keySet())
        if (!names.contains(k))
          throw new IllegalArgumentException("expression '" + text + "' has no coefficient '" + k + "' (it uses " + names + ")");
    checkUsable(c);
    return new UserFunction("expr:" + text, c, (tf, x, coef) -> root.graph(tf, x, coef),
        x -> root.dual(x, c)[0], x -> root.dual(x, c)[1]);
  }

  /** f and f' finite on the grid of normalised losses [1e-6, 10] and f' not 0 everywhere there. */
  private void checkUsable(Map<String, Double> c) {
    boolean moves = false;
    for (int i = 0; i <= 140; i++) {
      double x = UsableRange.X_LO * Math.pow(UsableRange.X_HI / UsableRange.X_LO, i / 140.0);
      double[] d = root.dual(x, c);
      if (!Double.isFinite(d[0]) || !Double.isFinite(d[1]) || Math.abs(d[0]) > UsableRange.HUGE
          || Math.abs(d[1]) > UsableRange.HUGE)
        throw new IllegalArgumentException("expression '" + text + "' must give finite f and f' at normalised losses in ["
            + UsableRange.X_LO + ", " + UsableRange.X_HI + "], got f(" + x + ") = " + d[0] + ", f' = " + d[1]);
      moves |= !UsableRange.zero(d[1]);
    }
    if (!moves)
      throw new IllegalArgumentException("expression '" + text + "' has f' = 0 at every normalised loss in ["
          + UsableRange.X_LO + ", " + UsableRange.X_HI + "], so no step would move the weights");
  }

  @Override
  public String toString() {
    return text;
  }

  /** A node of the formula: graph ops and (value, d/dx) on the host. */
  private sealed interface Node {
    Operand<TFloat64> graph(Ops tf, Operand<TFloat64> x, Map<String, Operand<TFloat64>> c);

    double[] dual(double x, Map<String, Double> c);

    default void collect(Set<String> names) {}
  }

  private record Num(double v) implements Node {
    public Operand<TFloat64> graph(Ops tf, Operand<TFloat64> x, Map<String, Operand<TFloat64>> c) {
      return tf.constant(v);
    }

    public double[] dual(double x, Map<String, Double> c) {
      return new double[] {v, 0};
    }
  }

  private record X() implements Node {
    public Operand<TFloat64> graph(Ops tf, Operand<TFloat64> x, Map<String, Operand<TFloat64>> c) {
      return x;
    }

    public double[] dual(double x, Map<String, Double> c) {
      return new double[] {x, 1};
    }
  }

  private record Coef(String name) implements Node {
    public Operand<TFloat64> graph(Ops tf, Operand<TFloat64> x, Map<String, Operand<TFloat64>> c) {
      return c.get(name);
    }

    public double[] dual(double x, Map<String, Double> c) {
      return new double[] {c.get(name), 0};
    }

    public void collect(Set<String> names) {
      names.add(name);
    }
  }

  private record Bin(char op, Node l, Node r) implements Node {
    public Operand<TFloat64> graph(Ops tf, Operand<TFloat64> x, Map<String, Operand<TFloat64>> c) {
      Operand<TFloat64> a = l.graph(tf, x, c), b = r.graph(tf, x, c);
      return switch (op) {
        case '+' -> tf.math.add(a, b);
        case '-' -> tf.math.sub(a, b);
        case '*' -> tf.math.mul(a, b);
        case '/' -> tf.math.div(a, b);
        default -> tf.math.pow(a, b);
      };
    }

    public double[] dual(double x, Map<String, Double> c) {
      double[] a = l.dual(x, c), b = r.dual(x, c);
      return switch (op) {
        case '+' -> new double[] {a[0] + b[0], a[1] + b[1]};
        case '-' -> new double[] {a[0] - b[0], a[1] - b[1]};
        case '*' -> new double[] {a[0] * b[0], a[1] * b[0] + a[0] * b[1]};
        case '/' -> new double[] {a[0] / b[0], (a[1] * b[0] - a[0] * b[1]) / (b[0] * b[0])};
        default -> {
          double v = Math.pow(a[0], b[0]);
          // a constant exponent needs no log of the base (negative bases with whole exponents)
          double d = b[0] * Math.pow(a[0], b[0] - 1) * a[1] + (b[1] == 0 ? 0 : v * Math.log(a[0]) * b[1]);
          yield new double[] {v, d};
        }
      };
    }

    public void collect(Set<String> names) {
      l.collect(names);
      r.collect(names);
    }
  }

  private record Neg(Node a) implements Node {
    public Operand<TFloat64> graph(Ops tf, Operand<TFloat64> x, Map<String, Operand<TFloat64>> c) {
      return tf.math.neg(a.graph(tf, x, c));
    }

    public double[] dual(double x, Map<String, Double> c) {
      double[] v = a.dual(x, c);
      return new double[] {-v[0], -v[1]};
    }

    public void collect(Set<String> names) {
      a.collect(names);
    }
  }

  private record Call(String fn, Node a) implements Node {
    static final List<String> FUNCTIONS = List.of("exp", "log", "sqrt", "abs", "tanh", "sinh", "cosh", "sech", "atan");

    public Operand<TFloat64> graph(Ops tf, Operand<TFloat64> x, Map<String, Operand<TFloat64>> c) {
      Operand<TFloat64> u = a.graph(tf, x, c);
      return switch (fn) {
        case "exp" -> tf.math.exp(u);
        case "log" -> tf.math.log(u);
        case "sqrt" -> tf.math.sqrt(u);
        case "abs" -> tf.math.abs(u);
        case "tanh" -> tf.math.tanh(u);
        case "sinh" -> tf.math.sinh(u);
        case "cosh" -> tf.math.cosh(u);
        case "atan" -> tf.math.atan(u);
        default -> {
          Operand<TFloat64> e = tf.math.exp(tf.math.neg(tf.math.abs(u)));
          yield tf.math.div(tf.math.mul(tf.constant(2.0), e), tf.math.add(tf.constant(1.0), tf.math.square(e)));
        }
      };
    }

    public double[] dual(double x, Map<String, Double> c) {
      double[] v = a.dual(x, c);
      double u = v[0], du = v[1];
      return switch (fn) {
        case "exp" -> new double[] {Math.exp(u), Math.exp(u) * du};
        case "log" -> new double[] {Math.log(u), du / u};
        case "sqrt" -> new double[] {Math.sqrt(u), du / (2 * Math.sqrt(u))};
        case "abs" -> new double[] {Math.abs(u), Math.signum(u) * du};
        case "tanh" -> new double[] {Math.tanh(u), (1 - Math.tanh(u) * Math.tanh(u)) * du};
        case "sinh" -> new double[] {Math.sinh(u), Math.cosh(u) * du};
        case "cosh" -> new double[] {Math.cosh(u), Math.sinh(u) * du};
        case "atan" -> new double[] {Math.atan(u), du / (1 + u * u)};
        default -> {
          double e = Math.exp(-Math.abs(u)), sech = 2 * e / (1 + e * e);
          yield new double[] {sech, -sech * Math.tanh(u) * du};
        }
      };
    }

    public void collect(Set<String> names) {
      a.collect(names);
    }
  }

  /** Recursive descent over the grammar in the class comment. */
  private static final class Parser {
    final String s;
    int pos;

    Parser(String s) {
      this.s = s;
    }

    IllegalArgumentException error(String expected) {
      String found = pos < s.length() ? "'" + s.charAt(pos) + "'" : "the end";
      return new IllegalArgumentException("reshaping expression '" + s + "': expected " + expected + " at position "
          + (pos + 1) + ", found " + found);
    }

    void skipSpaces() {
      while (pos < s.length() && Character.isWhitespace(s.charAt(pos))) pos++;
    }

    boolean eat(char c) {
      skipSpaces();
      if (pos < s.length() && s.charAt(pos) == c) {
        pos++;
        return true;
      }
      return false;
    }

    Node sum() {
      Node n = product();
      while (true) {
        if (eat('+')) n = new Bin('+', n, product());
        else if (eat('-')) n = new Bin('-', n, product());
        else return n;
      }
    }

    Node product() {
      Node n = unary();
      while (true) {
        if (eat('*')) n = new Bin('*', n, unary());
        else if (eat('/')) n = new Bin('/', n, unary());
        else return n;
      }
    }

    Node unary() {
      if (eat('-')) return new Neg(unary());
      if (eat('+')) return unary();
      return power();
    }

    Node power() {
      Node base = atom();
      return eat('^') ? new Bin('^', base, unary()) : base;
    }

    Node atom() {
      skipSpaces();
      if (eat('(')) {
        Node n = sum();
        if (!eat(')')) throw error("')'");
        return n;
      }
      int start = pos;
      if (pos < s.length() && (Character.isDigit(s.charAt(pos)) || s.charAt(pos) == '.')) {
        while (pos < s.length() && (Character.isDigit(s.charAt(pos)) || s.charAt(pos) == '.')) pos++;
        if (pos < s.length() && (s.charAt(pos) == 'e' || s.charAt(pos) == 'E')) {
          int save = pos++;
          if (pos < s.length() && (s.charAt(pos) == '+' || s.charAt(pos) == '-')) pos++;
          if (pos < s.length() && Character.isDigit(s.charAt(pos))) {
            while (pos < s.length() && Character.isDigit(s.charAt(pos))) pos++;
          } else {
            pos = save;
          }
        }
        try {
          return new Num(Double.parseDouble(s.substring(start, pos)));
        } catch (NumberFormatException e) {
          pos = start;
          throw error("a number");
        }
      }
      if (pos < s.length() && Character.isLetter(s.charAt(pos))) {
        while (pos < s.length() && (Character.isLetterOrDigit(s.charAt(pos)) || s.charAt(pos) == '_')) pos++;
        String id = s.substring(start, pos);
        if (eat('(')) {
          if (!Call.FUNCTIONS.contains(id)) {
            pos = start;
            throw new IllegalArgumentException("reshaping expression '" + s + "': unknown function '" + id
                + "' at position " + (start + 1) + "; functions are " + Call.FUNCTIONS);
          }
          Node arg = sum();
          if (!eat(')')) throw error("')'");
          return new Call(id, arg);
        }
        return switch (id) {
          case "x" -> new X();
          case "pi" -> new Num(Math.PI);
          case "e" -> new Num(Math.E);
          default -> new Coef(id);
        };
      }
      throw error("a number, x, a coefficient, a function or '('");
    }
  }
}
