package dev.spoon.workbench;

import atlantafx.base.theme.Styles;
import dev.spoon.workbench.gateway.GatewayView;
import dev.spoon.workbench.gateway.GatewayViewModel;
import javafx.beans.binding.Bindings;
import javafx.geometry.Pos;
import javafx.scene.Node;
import javafx.scene.Parent;
import javafx.scene.control.Label;
import javafx.scene.control.MenuButton;
import javafx.scene.control.RadioMenuItem;
import javafx.scene.control.ToggleButton;
import javafx.scene.control.ToggleGroup;
import javafx.scene.control.Tooltip;
import javafx.scene.input.KeyCode;
import javafx.scene.input.KeyCodeCombination;
import javafx.scene.input.KeyCombination;
import javafx.scene.input.KeyEvent;
import javafx.scene.layout.BorderPane;
import javafx.scene.layout.HBox;
import javafx.scene.layout.Priority;
import javafx.scene.layout.Region;
import javafx.scene.layout.StackPane;
import javafx.scene.layout.VBox;

import java.util.EnumMap;
import java.util.Map;

/**
 * The main window's content: a navigation rail, the pane on screen (created on first selection) and a
 * status bar with the active provider and model and the number of requests in flight. Also owns the
 * window-wide keyboard shortcuts: Ctrl+1…6 switch panes; Ctrl+Enter, Ctrl+N, Ctrl+F and Esc go to the pane
 * on screen as {@link WorkbenchPane.Command}s.
 */
public final class WorkbenchShell {
    private static final KeyCombination SEND = new KeyCodeCombination(KeyCode.ENTER, KeyCombination.SHORTCUT_DOWN);
    private static final KeyCombination NEW = new KeyCodeCombination(KeyCode.N, KeyCombination.SHORTCUT_DOWN);
    private static final KeyCombination FIND = new KeyCodeCombination(KeyCode.F, KeyCombination.SHORTCUT_DOWN);
    private static final KeyCombination STOP = new KeyCodeCombination(KeyCode.ESCAPE);

    private final WorkbenchContext context;
    private final PaneRegistry panes;
    private final Map<Nav, WorkbenchPane> created = new EnumMap<>(Nav.class);
    private final Map<Nav, ToggleButton> railButtons = new EnumMap<>(Nav.class);
    private final StackPane content = new StackPane();
    private final BorderPane root = new BorderPane();
    private final javafx.event.EventHandler<KeyEvent> keyFilter = this::onKey;
    private final GatewayView gateway;
    /** The shortcuts of the pane on screen (each pane names its own) and the pane switch. */
    private final Label hints = new Label();

    public WorkbenchShell(WorkbenchContext context, PaneRegistry panes) {
        this(context, panes, false);
    }

    /**
     * @param deferFirstPane true to create the first pane on the next pulse instead of now, so the window can
     *                       be shown before the pane's classes are loaded (faster start-up)
     */
    public WorkbenchShell(WorkbenchContext context, PaneRegistry panes, boolean deferFirstPane) {
        this.context = context;
        this.panes = panes;
        root.getStyleClass().add("workbench");
        root.getStylesheets().add(WorkbenchShell.class.getResource("workbench.css").toExternalForm());
        root.setLeft(rail());
        content.getStyleClass().add("pane-content");
        root.setCenter(content);
        gateway = new GatewayView(new GatewayViewModel(context.core(), context.executor()),
                () -> context.navigate(Nav.LOGS));
        root.setBottom(new VBox(gateway.panel(), statusBar()));
        context.selectedPaneProperty().addListener((o, a, b) -> show(b));
        if (deferFirstPane) {
            javafx.application.Platform.runLater(() -> show(context.selectedPaneProperty().get()));
        } else {
            show(context.selectedPaneProperty().get());
        }
        // on the scene, not the root: with no focus owner, key events target the scene itself
        root.sceneProperty().addListener((o, old, scene) -> {
            if (old != null) {
                old.removeEventFilter(KeyEvent.KEY_PRESSED, keyFilter);
            }
            if (scene != null) {
                scene.addEventFilter(KeyEvent.KEY_PRESSED, keyFilter);
            }
        });
    }

    public Parent root() {
        return root;
    }

    /** The pane of {@code nav} if it was created already (tests, benchmarks). */
    public WorkbenchPane pane(Nav nav) {
        return created.get(nav);
    }

    /** Disposes every created pane (window closing). */
    public void dispose() {
        gateway.dispose();
        created.values().forEach(p -> {
            try {
                p.dispose();
            } catch (RuntimeException e) {
                System.err.println("warning: pane dispose failed: " + e);
            }
        });
    }

    private void show(Nav nav) {
        if (content.getChildren().size() == 1 && created.get(nav) != null
                && content.getChildren().get(0) == created.get(nav).view()) {
            return; // already on screen (a deferred first show racing a navigation)
        }
        WorkbenchPane pane = created.computeIfAbsent(nav, n -> panes.create(n, context));
        Node view = pane.view();
        content.getChildren().setAll(view);
        ToggleButton b = railButtons.get(nav);
        if (b != null && !b.isSelected()) {
            b.setSelected(true);
        }
        String own = pane.shortcutHints();
        hints.setText((own == null || own.isEmpty() ? "" : own + " \u00B7 ") + "Ctrl+1\u20266 panes");
        pane.onShown();
    }

    private void onKey(KeyEvent e) {
        for (Nav nav : Nav.values()) {
            KeyCombination k = new KeyCodeCombination(KeyCode.getKeyCode(String.valueOf(nav.ordinal() + 1)),
                    KeyCombination.SHORTCUT_DOWN);
            if (k.match(e)) {
                context.navigate(nav);
                e.consume();
                return;
            }
        }
        WorkbenchPane.Command c = SEND.match(e) ? WorkbenchPane.Command.SEND
                : NEW.match(e) ? WorkbenchPane.Command.NEW
                : FIND.match(e) ? WorkbenchPane.Command.FIND
                : STOP.match(e) ? WorkbenchPane.Command.STOP : null;
        if (c != null) {
            WorkbenchPane p = created.get(context.selectedPaneProperty().get());
            if (p != null && p.handle(c)) {
                e.consume();
            }
        }
    }

    private Node rail() {
        VBox rail = new VBox(4);
        rail.getStyleClass().add("nav-rail");
        Label brand = new Label("Spoon");
        brand.getStyleClass().add("brand");
        rail.getChildren().add(brand);
        ToggleGroup group = new ToggleGroup();
        for (Nav nav : Nav.values()) {
            Label glyph = new Label(nav.glyph());
            glyph.getStyleClass().add("nav-glyph");
            Label title = new Label(nav.title());
            title.getStyleClass().add("nav-title");
            VBox graphic = new VBox(2, glyph, title);
            graphic.setAlignment(Pos.CENTER);
            ToggleButton b = new ToggleButton();
            b.setGraphic(graphic);
            b.setId("nav-" + nav.name().toLowerCase(java.util.Locale.ROOT));
            b.getStyleClass().addAll("nav-button", Styles.FLAT);
            b.setToggleGroup(group);
            b.setMaxWidth(Double.MAX_VALUE);
            b.setTooltip(new Tooltip(nav.title() + "  (Ctrl+" + (nav.ordinal() + 1) + ")"));
            b.setOnAction(ev -> {
                if (!b.isSelected()) {
                    b.setSelected(true); // a rail entry cannot be un-selected
                }
                context.navigate(nav);
            });
            railButtons.put(nav, b);
            rail.getChildren().add(b);
        }
        Region spacer = new Region();
        VBox.setVgrow(spacer, Priority.ALWAYS);
        rail.getChildren().addAll(spacer, themeMenu());
        return rail;
    }

    private Node themeMenu() {
        MenuButton menu = new MenuButton("\u25D0");
        menu.setId("theme-menu");
        menu.getStyleClass().addAll(Styles.FLAT, "theme-menu");
        menu.setTooltip(new Tooltip("Theme"));
        ToggleGroup g = new ToggleGroup();
        for (ThemeManager.Mode m : ThemeManager.Mode.values()) {
            String label = switch (m) {
                case SYSTEM -> "Follow the system";
                case LIGHT -> "Light";
                case DARK -> "Dark";
            };
            RadioMenuItem item = new RadioMenuItem(label);
            item.setId("theme-" + m.name().toLowerCase(java.util.Locale.ROOT));
            item.setToggleGroup(g);
            item.setSelected(context.theme().modeProperty().get() == m);
            item.setOnAction(e -> context.theme().modeProperty().set(m));
            menu.getItems().add(item);
        }
        context.theme().modeProperty().addListener((o, a, b) -> g.getToggles().get(b.ordinal()).setSelected(true));
        return menu;
    }

    private Node statusBar() {
        Label provider = new Label();
        provider.setId("status-provider");
        provider.textProperty().bind(Bindings.createStringBinding(() -> {
            String p = context.activeProviderProperty().get();
            String m = context.activeModelProperty().get();
            return "\u25CF " + (p == null ? "no provider" : p) + (m == null || m.isBlank() ? "" : " \u00B7 " + m);
        }, context.activeProviderProperty(), context.activeModelProperty()));
        Label inFlight = new Label();
        inFlight.setId("status-inflight");
        inFlight.textProperty().bind(Bindings.createStringBinding(() -> {
            int n = context.requests().inFlightProperty().get();
            return n == 0 ? "idle" : n == 1 ? "1 request in flight" : n + " requests in flight";
        }, context.requests().inFlightProperty()));
        inFlight.styleProperty().bind(Bindings.when(context.requests().inFlightProperty().greaterThan(0))
                .then("-fx-text-fill: -color-accent-fg;").otherwise(""));
        Region spacer = new Region();
        HBox.setHgrow(spacer, Priority.ALWAYS);
        hints.setId("status-hints");
        hints.getStyleClass().add(Styles.TEXT_MUTED);
        HBox bar = new HBox(16, provider, inFlight, gateway.statusButton(), spacer, hints);
        bar.setAlignment(Pos.CENTER_LEFT);
        bar.getStyleClass().add("status-bar");
        if (context.startupProblem() != null) {
            Label problem = new Label("\u26A0 configuration not loaded");
            problem.setTooltip(new Tooltip(context.startupProblem()));
            problem.getStyleClass().add(Styles.DANGER);
            bar.getChildren().add(2, problem);
        }
        return bar;
    }
}
