package dev.spoon.workbench.tools;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.spoon.llm.json.Json;
import javafx.geometry.HPos;
import javafx.scene.Node;
import javafx.scene.control.CheckBox;
import javafx.scene.control.ComboBox;
import javafx.scene.control.Control;
import javafx.scene.control.Label;
import javafx.scene.control.TextArea;
import javafx.scene.control.TextField;
import javafx.scene.control.TextInputControl;
import javafx.scene.control.Tooltip;
import javafx.scene.layout.ColumnConstraints;
import javafx.scene.layout.GridPane;
import javafx.scene.layout.Priority;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * A form generated from a tool's input schema, as the MCP Inspector makes one: one row per property, with a
 * text field for strings and numbers, a choice for enums and optional booleans, a check box for required
 * booleans, and a JSON text area for objects, arrays and anything else. Required properties are starred, the
 * schema's {@code description} is the tooltip and its {@code default} the starting value.
 *
 * <p>FX thread only.
 */
final class SchemaForm {
    private record Field(String name, String type, boolean required, Control control) {
    }

    private final GridPane grid = new GridPane();
    private final Map<String, Field> fields = new LinkedHashMap<>();

    SchemaForm(JsonNode schema) {
        grid.getStyleClass().add("schema-form");
        grid.setHgap(8);
        grid.setVgap(6);
        ColumnConstraints labels = new ColumnConstraints();
        labels.setHalignment(HPos.RIGHT);
        ColumnConstraints values = new ColumnConstraints();
        values.setHgrow(Priority.ALWAYS);
        values.setFillWidth(true);
        grid.getColumnConstraints().addAll(labels, values);
        List<String> required = new ArrayList<>();
        schema.path("required").forEach(r -> required.add(r.asText()));
        int row = 0;
        for (var e : schema.path("properties").properties()) {
            JsonNode p = e.getValue();
            String type = p.path("type").isTextual() ? p.path("type").asText() : "json";
            boolean req = required.contains(e.getKey());
            Control c = control(e.getKey(), p, type, req);
            c.setId("form-" + e.getKey());
            c.setMaxWidth(Double.MAX_VALUE);
            String description = p.path("description").asText("");
            Label l = new Label(e.getKey() + (req ? " *" : ""));
            l.setMinWidth(Control.USE_PREF_SIZE);
            if (!description.isBlank()) {
                l.setTooltip(new Tooltip(description));
                c.setTooltip(new Tooltip(description));
            }
            grid.add(l, 0, row);
            grid.add(c, 1, row);
            fields.put(e.getKey(), new Field(e.getKey(), type, req, c));
            row++;
        }
        if (fields.isEmpty()) {
            Label none = new Label("This tool takes no arguments.");
            none.getStyleClass().add("text-muted");
            grid.add(none, 0, 0, 2, 1);
        }
    }

    private static Control control(String name, JsonNode p, String type, boolean required) {
        JsonNode def = p.get("default");
        if (p.path("enum").isArray()) {
            ComboBox<String> box = new ComboBox<>();
            if (!required) {
                box.getItems().add("");
            }
            p.path("enum").forEach(v -> box.getItems().add(v.isTextual() ? v.asText() : v.toString()));
            box.setValue(def != null ? (def.isTextual() ? def.asText() : def.toString()) : required
                    && !box.getItems().isEmpty() ? box.getItems().get(0) : "");
            return box;
        }
        switch (type) {
            case "boolean" -> {
                if (required) {
                    CheckBox cb = new CheckBox();
                    cb.setSelected(def != null && def.asBoolean());
                    return cb;
                }
                ComboBox<String> box = new ComboBox<>();
                box.getItems().addAll("", "true", "false");
                box.setValue(def == null ? "" : Boolean.toString(def.asBoolean()));
                return box;
            }
            case "string", "number", "integer" -> {
                TextField tf = new TextField(def == null ? "" : def.asText());
                tf.setPromptText(type);
                return tf;
            }
            default -> {
                TextArea ta = new TextArea(def == null ? "" : def.toPrettyString());
                ta.setPromptText("JSON" + ("json".equals(type) ? "" : " " + type));
                ta.setPrefRowCount(3);
                ta.getStyleClass().add("code");
                return ta;
            }
        }
    }

    Node node() {
        return grid;
    }

    /**
     * The arguments the form holds: empty optional fields left out.
     *
     * @throws IllegalArgumentException naming the field and what is wrong with it
     */
    ObjectNode value() {
        ObjectNode out = Json.MAPPER.createObjectNode();
        for (Field f : fields.values()) {
            Control c = f.control();
            if (c instanceof CheckBox cb) {
                out.put(f.name(), cb.isSelected());
                continue;
            }
            String text = c instanceof ComboBox<?> box ? String.valueOf(box.getValue() == null ? "" : box.getValue())
                    : ((TextInputControl) c).getText();
            text = text == null ? "" : text.strip();
            if (text.isEmpty()) {
                if (f.required()) {
                    throw new IllegalArgumentException(f.name() + " is required");
                }
                continue;
            }
            switch (f.type()) {
                case "string" -> out.put(f.name(), text);
                case "boolean" -> out.put(f.name(), Boolean.parseBoolean(text));
                case "integer" -> {
                    try {
                        out.put(f.name(), Long.parseLong(text));
                    } catch (NumberFormatException e) {
                        throw new IllegalArgumentException(f.name() + " must be a whole number, not '" + text + "'");
                    }
                }
                case "number" -> {
                    try {
                        double d = Double.parseDouble(text);
                        if (d == Math.rint(d) && Math.abs(d) < 1e15) {
                            out.put(f.name(), (long) d);
                        } else {
                            out.put(f.name(), d);
                        }
                    } catch (NumberFormatException e) {
                        throw new IllegalArgumentException(f.name() + " must be a number, not '" + text + "'");
                    }
                }
                default -> {
                    JsonNode n = Json.tryParse(text);
                    if (n == null) {
                        throw new IllegalArgumentException(f.name() + " is not valid JSON");
                    }
                    out.set(f.name(), n);
                }
            }
        }
        return out;
    }

    /** Fills the form from {@code args} (fields it does not name keep their values). */
    void fill(JsonNode args) {
        args.properties().forEach(e -> {
            Field f = fields.get(e.getKey());
            if (f == null) {
                return;
            }
            JsonNode v = e.getValue();
            if (f.control() instanceof CheckBox cb) {
                cb.setSelected(v.asBoolean());
            } else if (f.control() instanceof ComboBox<?> box) {
                @SuppressWarnings("unchecked")
                ComboBox<String> b = (ComboBox<String>) box;
                b.setValue(v.isTextual() ? v.asText() : v.toString());
            } else {
                ((TextInputControl) f.control()).setText(v.isTextual() || v.isNumber() ? v.asText()
                        : v.toPrettyString());
            }
        });
    }
}
