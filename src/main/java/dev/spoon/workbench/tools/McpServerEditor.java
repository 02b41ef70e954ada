package dev.spoon.workbench.tools;

import atlantafx.base.theme.Styles;
import dev.spoon.llm.config.McpServerConfig;
import javafx.scene.Node;
import javafx.scene.control.ButtonType;
import javafx.scene.control.CheckBox;
import javafx.scene.control.Dialog;
import javafx.scene.control.Label;
import javafx.scene.control.RadioButton;
import javafx.scene.control.TextArea;
import javafx.scene.control.TextField;
import javafx.scene.control.ToggleGroup;
import javafx.scene.layout.GridPane;
import javafx.scene.layout.Priority;
import javafx.scene.layout.VBox;

import java.time.Duration;
import java.util.ArrayList;
import java.util.Collection;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Adds or edits one {@code [mcp_servers.NAME]}: a subprocess (command, arguments one per line, environment
 * {@code KEY=VALUE} lines, working folder) or a streamable-HTTP server (URL, {@code Name: value} header lines),
 * its timeout and whether it is enabled. Checked as you type; OK stays disabled until the entry is valid.
 */
final class McpServerEditor {
    private final TextField name = new TextField();
    private final RadioButton stdio = new RadioButton("Subprocess (stdio)");
    private final RadioButton http = new RadioButton("Streamable HTTP");
    private final TextField command = new TextField();
    private final TextArea args = new TextArea();
    private final TextArea env = new TextArea();
    private final TextField cwd = new TextField();
    private final TextField url = new TextField();
    private final TextArea headers = new TextArea();
    private final TextField timeout = new TextField();
    private final CheckBox enabled = new CheckBox("Enabled");
    private final Label problem = new Label();
    private final Collection<String> taken;

    /**
     * @param existing the entry to edit, or null to add one
     * @param taken    names already used by other servers
     */
    McpServerEditor(McpServerConfig existing, Collection<String> taken) {
        this.taken = taken;
        ToggleGroup g = new ToggleGroup();
        stdio.setToggleGroup(g);
        http.setToggleGroup(g);
        name.setId("mcp-edit-name");
        command.setId("mcp-edit-command");
        args.setId("mcp-edit-args");
        url.setId("mcp-edit-url");
        args.setPrefRowCount(3);
        env.setPrefRowCount(2);
        headers.setPrefRowCount(2);
        command.setPromptText("npx");
        args.setPromptText("one argument per line, e.g.\n-y\n@modelcontextprotocol/server-everything");
        env.setPromptText("KEY=value, one per line");
        cwd.setPromptText("working folder (optional)");
        url.setPromptText("http://127.0.0.1:3001/mcp");
        headers.setPromptText("Authorization: Bearer ..., one per line");
        timeout.setPromptText("60");
        if (existing == null) {
            stdio.setSelected(true);
            enabled.setSelected(true);
        } else {
            name.setText(existing.name());
            (existing.isStdio() ? stdio : http).setSelected(true);
            command.setText(existing.isStdio() ? existing.command() : "");
            args.setText(String.join("\n", existing.args()));
            env.setText(lines(existing.env(), "="));
            cwd.setText(existing.cwd() == null ? "" : existing.cwd());
            url.setText(existing.url() == null ? "" : existing.url());
            headers.setText(lines(existing.headers(), ": "));
            timeout.setText(existing.timeout().equals(McpServerConfig.DEFAULT_TIMEOUT) ? ""
                    : Double.toString(existing.timeout().toMillis() / 1000.0).replaceAll("\\.0$", ""));
            enabled.setSelected(existing.enabled());
        }
        problem.setId("mcp-edit-problem");
        problem.setWrapText(true);
        problem.getStyleClass().add(Styles.DANGER);
    }

    private static String lines(Map<String, String> m, String sep) {
        List<String> out = new ArrayList<>();
        m.forEach((k, v) -> out.add(k + sep + v));
        return String.join("\n", out);
    }

    /**
     * The entry the fields describe.
     *
     * @throws IllegalArgumentException saying which field is wrong and how
     */
    McpServerConfig value() {
        String n = name.getText().strip();
        if (n.isEmpty() || !n.matches("[A-Za-z0-9_-]+")) {
            throw new IllegalArgumentException("Name: letters, digits, _ and - only (it becomes [mcp_servers.NAME])");
        }
        if (taken.contains(n)) {
            throw new IllegalArgumentException("Name: there is already a server called " + n);
        }
        Duration t = null;
        if (!timeout.getText().isBlank()) {
            try {
                double s = Double.parseDouble(timeout.getText().strip());
                if (s <= 0 || s > 86_400) {
                    throw new NumberFormatException();
                }
                t = Duration.ofMillis((long) (s * 1000));
            } catch (NumberFormatException e) {
                throw new IllegalArgumentException("Timeout: seconds, more than 0 (default 60)");
            }
        }
        if (stdio.isSelected()) {
            if (command.getText().isBlank()) {
                throw new IllegalArgumentException("Command: the program to start, e.g. npx");
            }
            return new McpServerConfig(n, command.getText().strip(), nonBlank(args.getText()),
                    pairs(env.getText(), "=", "Environment"), cwd.getText().isBlank() ? null : cwd.getText().strip(),
                    null, null, t, enabled.isSelected());
        }
        String u = url.getText().strip();
        if (!u.matches("https?://\\S+")) {
            throw new IllegalArgumentException("URL: http:// or https:// and the server's MCP endpoint");
        }
        return new McpServerConfig(n, null, null, null, null, u, pairs(headers.getText(), ":", "Headers"), t,
                enabled.isSelected());
    }

    private static List<String> nonBlank(String text) {
        return text.lines().map(String::strip).filter(s -> !s.isEmpty()).toList();
    }

    private static Map<String, String> pairs(String text, String sep, String field) {
        Map<String, String> out = new LinkedHashMap<>();
        for (String line : nonBlank(text)) {
            int i = line.indexOf(sep);
            if (i <= 0) {
                throw new IllegalArgumentException(field + ": '" + line + "' is not NAME" + sep.strip() + "value");
            }
            out.put(line.substring(0, i).strip(), line.substring(i + sep.length()).strip());
        }
        return out;
    }

    /** The fields, laid out; the stdio or HTTP ones show as the transport is chosen. */
    Node form() {
        GridPane stdioGrid = grid();
        row(stdioGrid, 0, "Command", command);
        row(stdioGrid, 1, "Arguments", args);
        row(stdioGrid, 2, "Environment", env);
        row(stdioGrid, 3, "Working folder", cwd);
        GridPane httpGrid = grid();
        row(httpGrid, 0, "URL", url);
        row(httpGrid, 1, "Headers", headers);
        stdioGrid.visibleProperty().bind(stdio.selectedProperty());
        stdioGrid.managedProperty().bind(stdio.selectedProperty());
        httpGrid.visibleProperty().bind(http.selectedProperty());
        httpGrid.managedProperty().bind(http.selectedProperty());
        GridPane top = grid();
        row(top, 0, "Name", name);
        row(top, 1, "Transport", new javafx.scene.layout.HBox(12, stdio, http));
        GridPane bottom = grid();
        row(bottom, 0, "Timeout (s)", timeout);
        row(bottom, 1, "", enabled);
        VBox box = new VBox(8, top, stdioGrid, httpGrid, bottom, problem);
        box.setPrefWidth(520);
        return box;
    }

    private static GridPane grid() {
        GridPane g = new GridPane();
        g.setHgap(8);
        g.setVgap(6);
        javafx.scene.layout.ColumnConstraints a = new javafx.scene.layout.ColumnConstraints(110);
        javafx.scene.layout.ColumnConstraints b = new javafx.scene.layout.ColumnConstraints();
        b.setHgrow(Priority.ALWAYS);
        g.getColumnConstraints().addAll(a, b);
        return g;
    }

    private static void row(GridPane g, int r, String label, Node field) {
        g.add(new Label(label), 0, r);
        g.add(field, 1, r);
    }

    /** Shows the editor; the result is the entry to save, or empty when cancelled. */
    java.util.Optional<McpServerConfig> showAndWait(javafx.stage.Window owner, String title) {
        Dialog<McpServerConfig> d = new Dialog<>();
        d.initOwner(owner);
        d.setTitle(title);
        d.getDialogPane().setContent(form());
        d.getDialogPane().getButtonTypes().addAll(ButtonType.OK, ButtonType.CANCEL);
        Node ok = d.getDialogPane().lookupButton(ButtonType.OK);
        Runnable check = () -> {
            try {
                value();
                problem.setText("");
                ok.setDisable(false);
            } catch (IllegalArgumentException e) {
                problem.setText(e.getMessage());
                ok.setDisable(true);
            }
        };
        for (javafx.scene.control.TextInputControl c : List.of(name, command, args, env, cwd, url, headers,
                timeout)) {
            c.textProperty().addListener((o, a, b) -> check.run());
        }
        stdio.selectedProperty().addListener((o, a, b) -> check.run());
        check.run();
        d.setResultConverter(b -> b == ButtonType.OK ? value() : null);
        return d.showAndWait();
    }
}
