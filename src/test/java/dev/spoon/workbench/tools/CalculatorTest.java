package dev.spoon.workbench.tools;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class CalculatorTest {
    @ParameterizedTest
    @CsvSource(delimiter = ';', value = {
            "1 + 2 * 3; 7",
            "(1 + 2) * 3; 9",
            "2 ^ 3 ^ 2; 512",
            "-2 ^ 2; -4",
            "10 / 4; 2.5",
            "10 % 4; 2",
            "sqrt(16) + abs(-3); 7",
            "max(2, 7) - min(2, 7); 5",
            "1.5e3 / 3; 500",
            "round(pi * 100); 314",
            "2 \u00D7 3 \u00F7 4; 1.5",
            "log(1000); 3"})
    void evaluatesWithUsualPrecedence(String expr, String expected) {
        assertThat(Calculator.format(Calculator.evaluate(expr))).isEqualTo(expected);
    }

    @Test
    void reportsWhereAnExpressionIsWrong() {
        assertThatThrownBy(() -> Calculator.evaluate("2 + * 3")).hasMessage("at 5: unexpected '*'");
        assertThatThrownBy(() -> Calculator.evaluate("(1 + 2")).hasMessage("at 7: expected ')'");
        assertThatThrownBy(() -> Calculator.evaluate("1 / (2 - 2)")).hasMessage("division by zero");
        assertThatThrownBy(() -> Calculator.evaluate("foo(2)")).hasMessage("at 1: unknown function 'foo'");
        assertThatThrownBy(() -> Calculator.evaluate("max(2)")).hasMessage("at 1: max() takes two arguments");
        assertThatThrownBy(() -> Calculator.evaluate(" ")).hasMessage("empty expression");
    }

    @Test
    void builtInCalculatorAnswersWithTheResultOrTheError() {
        assertThat(BuiltInTools.answer("calculator", "{\"expression\":\"(2+3)*4^2\"}"))
                .contains("{\"expression\":\"(2+3)*4^2\",\"result\":80}");
        assertThat(BuiltInTools.answer("calculator", "{\"expression\":\"1/0\"}").orElseThrow())
                .contains("\"error\":\"division by zero\"");
        assertThat(BuiltInTools.answer("web_search", "{\"query\":\"x\"}").orElseThrow())
                .contains("\"stub\":true").contains("\"results\":[]");
        assertThat(BuiltInTools.answer("weather", "{\"location\":\"Paris\"}").orElseThrow())
                .contains("invented data, not a real forecast");
        assertThat(BuiltInTools.answer("unknown_tool", "{}")).isEmpty();
    }
}
