package dev.spoon.workbench.tools;

import java.util.Locale;

/**
 * Evaluates arithmetic expressions for the built-in {@code calculator} example tool: numbers (with decimals
 * and exponents), {@code + - * / % ^} (power is right-associative), parentheses, unary minus, the constants
 * {@code pi} and {@code e}, and the functions {@code sqrt abs sin cos tan asin acos atan ln log exp floor ceil
 * round} (one argument) and {@code min max pow} (two). A recursive-descent parser; stateless and thread-safe.
 */
public final class Calculator {
    private final String src;
    private int pos;

    private Calculator(String src) {
        this.src = src;
    }

    /**
     * @throws IllegalArgumentException naming the position and what was expected, or a domain error
     *                                  ("division by zero")
     */
    public static double evaluate(String expression) {
        if (expression == null || expression.isBlank()) {
            throw new IllegalArgumentException("empty expression");
        }
        Calculator c = new Calculator(expression);
        double v = c.sum();
        c.skipSpace();
        if (c.pos < c.src.length()) {
            throw c.error("unexpected '" + c.src.charAt(c.pos) + "'");
        }
        if (Double.isNaN(v) || Double.isInfinite(v)) {
            throw new IllegalArgumentException("the result is not a finite number");
        }
        return v;
    }

    /** The result as text: an integer without ".0" when it is whole, else up to 12 significant digits. */
    public static String format(double v) {
        if (v == Math.rint(v) && Math.abs(v) < 1e15) {
            return Long.toString((long) v);
        }
        return new java.math.BigDecimal(v).round(new java.math.MathContext(12)).stripTrailingZeros().toPlainString();
    }

    private double sum() {
        double v = product();
        while (true) {
            if (eat('+')) {
                v += product();
            } else if (eat('-')) {
                v -= product();
            } else {
                return v;
            }
        }
    }

    private double product() {
        double v = unary();
        while (true) {
            if (eat('*')) {
                v *= unary();
            } else if (eat('/')) {
                double d = unary();
                if (d == 0) {
                    throw new IllegalArgumentException("division by zero");
                }
                v /= d;
            } else if (eat('%')) {
                double d = unary();
                if (d == 0) {
                    throw new IllegalArgumentException("modulo by zero");
                }
                v %= d;
            } else {
                return v;
            }
        }
    }

    private double unary() {
        if (eat('-')) {
            return -unary();
        }
        if (eat('+')) {
            return unary();
        }
        return power();
    }

    private double power() {
        double base = atom();
        if (eat('^')) {
            return Math.pow(base, unary());
        }
        return base;
    }

    private double atom() {
        skipSpace();
        if (eat('(')) {
            double v = sum();
            expect(')');
            return v;
        }
        if (pos < src.length() && (Character.isDigit(src.charAt(pos)) || src.charAt(pos) == '.')) {
            return number();
        }
        if (pos < src.length() && Character.isLetter(src.charAt(pos))) {
            int start = pos;
            while (pos < src.length() && Character.isLetterOrDigit(src.charAt(pos))) {
                pos++;
            }
            String name = src.substring(start, pos).toLowerCase(Locale.ROOT);
            switch (name) {
                case "pi" -> {
                    return Math.PI;
                }
                case "e" -> {
                    return Math.E;
                }
                default -> {
                    return function(name, start);
                }
            }
        }
        throw error(pos < src.length() ? "unexpected '" + src.charAt(pos) + "'" : "expression ends too early");
    }

    private double function(String name, int at) {
        expect('(');
        double a = sum();
        Double b = null;
        if (eat(',')) {
            b = sum();
        }
        expect(')');
        boolean two = name.equals("min") || name.equals("max") || name.equals("pow");
        if (two != (b != null)) {
            throw new IllegalArgumentException("at " + (at + 1) + ": " + name + "() takes " + (two ? "two arguments"
                    : "one argument"));
        }
        return switch (name) {
            case "sqrt" -> {
                if (a < 0) {
                    throw new IllegalArgumentException("square root of a negative number");
                }
                yield Math.sqrt(a);
            }
            case "abs" -> Math.abs(a);
            case "sin" -> Math.sin(a);
            case "cos" -> Math.cos(a);
            case "tan" -> Math.tan(a);
            case "asin" -> Math.asin(a);
            case "acos" -> Math.acos(a);
            case "atan" -> Math.atan(a);
            case "ln" -> Math.log(a);
            case "log" -> Math.log10(a);
            case "exp" -> Math.exp(a);
            case "floor" -> Math.floor(a);
            case "ceil" -> Math.ceil(a);
            case "round" -> Math.round(a);
            case "min" -> Math.min(a, b);
            case "max" -> Math.max(a, b);
            case "pow" -> Math.pow(a, b);
            default -> throw new IllegalArgumentException("at " + (at + 1) + ": unknown function '" + name + "'");
        };
    }

    private double number() {
        int start = pos;
        while (pos < src.length() && (Character.isDigit(src.charAt(pos)) || src.charAt(pos) == '.')) {
            pos++;
        }
        if (pos < src.length() && (src.charAt(pos) == 'e' || src.charAt(pos) == 'E')
                && pos + 1 < src.length() && (Character.isDigit(src.charAt(pos + 1))
                || ((src.charAt(pos + 1) == '-' || src.charAt(pos + 1) == '+') && pos + 2 < src.length()
                && Character.isDigit(src.charAt(pos + 2))))) {
            pos += 2;
            while (pos < src.length() && Character.isDigit(src.charAt(pos))) {
                pos++;
            }
        }
        try {
            return Double.parseDouble(src.substring(start, pos));
        } catch (NumberFormatException e) {
            throw error("bad number '" + src.substring(start, pos) + "'");
        }
    }

    private boolean eat(char c) {
        skipSpace();
        if (pos < src.length() && (src.charAt(pos) == c || (c == '*' && src.charAt(pos) == '\u00D7')
                || (c == '/' && src.charAt(pos) == '\u00F7'))) {
            pos++;
            return true;
        }
        return false;
    }

    private void expect(char c) {
        if (!eat(c)) {
            throw error("expected '" + c + "'");
        }
    }

    private void skipSpace() {
        while (pos < src.length() && Character.isWhitespace(src.charAt(pos))) {
            pos++;
        }
    }

    private IllegalArgumentException error(String what) {
        return new IllegalArgumentException("at " + (pos + 1) + ": " + what);
    }
}
