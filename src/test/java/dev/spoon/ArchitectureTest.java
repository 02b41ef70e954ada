package dev.spoon;

import org.junit.jupiter.api.Test;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.function.Predicate;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The import rules of docs/ARCHITECTURE.md ("What may import what"), checked on the main sources: every
 * {@code import} and every fully qualified {@code dev.spoon…} name in code (comments and strings aside).
 */
class ArchitectureTest {
    private static final Path MAIN = Path.of("src", "main", "java");
    private static final Pattern PACKAGE = Pattern.compile("^package ([\\w.]+);", Pattern.MULTILINE);
    private static final Pattern IMPORT = Pattern.compile("^import (?:static )?([\\w.]+)(?:\\.\\*)?;");
    /** A qualified name in code: lower-case package segments, then a type. */
    private static final Pattern QUALIFIED = Pattern.compile("\\b((?:dev\\.spoon|javafx|okhttp3|picocli|"
            + "org\\.eclipse\\.jetty|io\\.modelcontextprotocol)(?:\\.[a-z]\\w*)*\\.[A-Z]\\w*)");

    /** One use of another type: the using file's package, the used name, and where. */
    record Use(String pkg, String target, Path file, int line) {
        @Override
        public String toString() {
            return MAIN.relativize(file) + ":" + line + " uses " + target;
        }
    }

    private static final List<Use> USES = scan();

    @Test
    void theCoreImportsNoFrontEndAndNoUiServerOrCliLibrary() {
        assertThat(violations(inside("dev.spoon.llm"), t -> startsWith(t, "dev.spoon.workbench", "dev.spoon.gateway",
                "dev.spoon.cli", "javafx", "org.eclipse.jetty", "picocli")
                || t.startsWith("dev.spoon.") && isTopLevel(t) && !t.equals("dev.spoon.Version"))).isEmpty();
    }

    @Test
    void eachThirdPartyLibraryStaysInItsRoom() {
        assertThat(violations(p -> !inside("dev.spoon.workbench").test(p), t -> startsWith(t, "javafx")))
                .as("JavaFX outside the workbench").isEmpty();
        assertThat(violations(p -> !inside("dev.spoon.gateway").test(p), t -> startsWith(t, "org.eclipse.jetty")))
                .as("Jetty outside the gateway").isEmpty();
        assertThat(violations(p -> !inside("dev.spoon.cli").test(p), t -> startsWith(t, "picocli")))
                .as("picocli outside the CLI").isEmpty();
        assertThat(violations(p -> !inside("dev.spoon.llm.http").test(p) && !isProviderFamily(p),
                t -> startsWith(t, "okhttp3"))).as("OkHttp outside the transport and the providers").isEmpty();
        assertThat(violations(p -> !inside("dev.spoon.llm.mcp").test(p), t -> startsWith(t, "io.modelcontextprotocol")))
                .as("the MCP SDK outside llm.mcp").isEmpty();
    }

    @Test
    void frontEndsDoNotUseEachOther() {
        assertThat(violations(inside("dev.spoon.cli"), t -> startsWith(t, "dev.spoon.workbench"))).isEmpty();
        assertThat(violations(inside("dev.spoon.gateway"), t -> startsWith(t, "dev.spoon.workbench", "dev.spoon.cli")))
                .isEmpty();
        assertThat(violations(inside("dev.spoon.workbench"), t -> startsWith(t, "dev.spoon.cli"))).isEmpty();
    }

    @Test
    void theWorkbenchReachesProvidersOnlyThroughTheCore() {
        assertThat(violations(inside("dev.spoon.workbench"), t -> startsWith(t, "dev.spoon.llm.http")
                || isProviderFamily(packageOf(t)) && !t.endsWith("RequestParser"))).isEmpty();
    }

    @Test
    void theTransportKnowsNoProviderManagerOrConfiguration() {
        assertThat(violations(inside("dev.spoon.llm.http"), t -> startsWith(t, "dev.spoon.llm.providers",
                "dev.spoon.llm.manager", "dev.spoon.llm.config", "dev.spoon.llm.debug", "dev.spoon.llm.mcp")))
                .isEmpty();
    }

    @Test
    void providerFamiliesAreIndependentOfEachOther() {
        for (String family : List.of("openai", "anthropic", "gemini", "sim")) {
            String pkg = "dev.spoon.llm.providers." + family;
            assertThat(violations(inside(pkg), t -> isProviderFamily(packageOf(t)) && !inside(pkg).test(packageOf(t))))
                    .as(family).isEmpty();
        }
        assertThat(violations(p -> p.equals("dev.spoon.llm.providers"), t -> isProviderFamily(packageOf(t))))
                .as("the shared base").isEmpty();
    }

    @Test
    void leavesImportNothingOfTheProject() {
        assertThat(violations(p -> p.equals("dev.spoon.llm.json") || p.equals("dev.spoon.llm.io"),
                t -> startsWith(t, "dev.spoon"))).isEmpty();
    }

    @Test
    void theScanSeesTheWholeSourceTree() {
        // guards the rules above against passing vacuously (a moved source folder, a broken pattern)
        assertThat(USES).anyMatch(u -> u.pkg().equals("dev.spoon.workbench") && u.target().startsWith("javafx."));
        assertThat(USES).anyMatch(u -> u.pkg().startsWith("dev.spoon.llm.providers.openai")
                && u.target().startsWith("okhttp3."));
        assertThat(USES).anyMatch(u -> u.pkg().equals("dev.spoon.cli") && u.target().startsWith("dev.spoon.llm."));
        assertThat(violations(inside("dev.spoon.cli"), t -> startsWith(t, "picocli"))).isNotEmpty();
    }

    // ------------------------------------------------------------------ scanning

    private static List<Use> violations(Predicate<String> from, Predicate<String> forbidden) {
        return USES.stream().filter(u -> from.test(u.pkg()) && forbidden.test(u.target())).toList();
    }

    private static Predicate<String> inside(String pkg) {
        return p -> p.equals(pkg) || p.startsWith(pkg + ".");
    }

    private static boolean startsWith(String target, String... prefixes) {
        for (String p : prefixes) {
            if (target.equals(p) || target.startsWith(p + ".")) {
                return true;
            }
        }
        return false;
    }

    private static boolean isProviderFamily(String pkg) {
        return pkg.startsWith("dev.spoon.llm.providers.");
    }

    /** A type directly in {@code dev.spoon} ({@code dev.spoon.Launcher}), not in one of its packages. */
    private static boolean isTopLevel(String target) {
        return packageOf(target).equals("dev.spoon");
    }

    /** The package part of a qualified type name (up to the first upper-case segment). */
    private static String packageOf(String name) {
        String[] parts = name.split("\\.");
        StringBuilder b = new StringBuilder();
        for (String p : parts) {
            if (!p.isEmpty() && Character.isUpperCase(p.charAt(0))) {
                break;
            }
            b.append(b.length() == 0 ? "" : ".").append(p);
        }
        return b.toString();
    }

    private static List<Use> scan() {
        List<Use> out = new ArrayList<>();
        try (Stream<Path> files = Files.walk(MAIN)) {
            for (Path f : files.filter(p -> p.toString().endsWith(".java")).toList()) {
                String src = Files.readString(f, StandardCharsets.UTF_8);
                Matcher pm = PACKAGE.matcher(src);
                if (!pm.find()) {
                    continue;
                }
                String pkg = pm.group(1);
                String[] lines = blankCommentsAndStrings(src).split("\n", -1);
                for (int i = 0; i < lines.length; i++) {
                    Matcher im = IMPORT.matcher(lines[i]);
                    if (im.find()) {
                        out.add(new Use(pkg, im.group(1), f, i + 1));
                        continue;
                    }
                    Matcher qm = QUALIFIED.matcher(lines[i]);
                    while (qm.find()) {
                        if (!packageOf(qm.group(1)).equals(pkg)) {
                            out.add(new Use(pkg, qm.group(1), f, i + 1));
                        }
                    }
                }
            }
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        return out;
    }

    /** {@code src} with comments, string and char literals replaced by spaces (line breaks kept). */
    static String blankCommentsAndStrings(String src) {
        StringBuilder b = new StringBuilder(src.length());
        int i = 0;
        int n = src.length();
        while (i < n) {
            char c = src.charAt(i);
            if (c == '/' && i + 1 < n && src.charAt(i + 1) == '/') {
                while (i < n && src.charAt(i) != '\n') {
                    b.append(' ');
                    i++;
                }
            } else if (c == '/' && i + 1 < n && src.charAt(i + 1) == '*') {
                int end = src.indexOf("*/", i + 2);
                end = end < 0 ? n : end + 2;
                blank(src, i, end, b);
                i = end;
            } else if (src.startsWith("\"\"\"", i)) {
                int end = src.indexOf("\"\"\"", i + 3);
                end = end < 0 ? n : end + 3;
                blank(src, i, end, b);
                i = end;
            } else if (c == '"' || c == '\'') {
                int j = i + 1;
                while (j < n && src.charAt(j) != c && src.charAt(j) != '\n') {
                    j += src.charAt(j) == '\\' ? 2 : 1;
                }
                int end = Math.min(n, j + 1);
                blank(src, i, end, b);
                i = end;
            } else {
                b.append(c);
                i++;
            }
        }
        return b.toString();
    }

    private static void blank(String src, int from, int to, StringBuilder b) {
        for (int k = from; k < to; k++) {
            b.append(src.charAt(k) == '\n' ? '\n' : ' ');
        }
    }
}
