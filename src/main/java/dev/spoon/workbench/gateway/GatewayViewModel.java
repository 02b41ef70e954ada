package dev.spoon.workbench.gateway;

import dev.spoon.gateway.Gateway;
import dev.spoon.gateway.GatewayStats;
import dev.spoon.llm.LlmException;
import dev.spoon.llm.SpoonCore;
import dev.spoon.llm.config.GatewayConfig;
import dev.spoon.workbench.TaskExecutor;
import javafx.beans.property.ObjectProperty;
import javafx.beans.property.ReadOnlyObjectProperty;
import javafx.beans.property.ReadOnlyStringProperty;
import javafx.beans.property.ReadOnlyStringWrapper;
import javafx.beans.property.SimpleObjectProperty;

import java.util.concurrent.CompletableFuture;

/**
 * The workbench's switch for the local gateway: starts and stops a {@link Gateway} over the window's core (so
 * its calls appear in this window's Logs and Metrics panes), and shows its URL, token, client settings and a
 * live count of its calls. Starting and stopping run off the FX thread; {@link #refresh()} (called by the view a
 * few times a second) only reads counters.
 *
 * <p>Thread rules: FX thread only, except the background work it starts itself.
 */
public final class GatewayViewModel implements AutoCloseable {
    /** What the gateway is doing. */
    public enum State { STOPPED, STARTING, RUNNING, STOPPING, FAILED }

    private final SpoonCore core;
    private final TaskExecutor executor;
    private final ObjectProperty<State> state = new SimpleObjectProperty<>(this, "state", State.STOPPED);
    private final ReadOnlyStringWrapper url = new ReadOnlyStringWrapper(this, "url", "");
    private final ReadOnlyStringWrapper token = new ReadOnlyStringWrapper(this, "token", "");
    private final ReadOnlyStringWrapper clientSettings = new ReadOnlyStringWrapper(this, "clientSettings", "");
    private final ReadOnlyStringWrapper activity = new ReadOnlyStringWrapper(this, "activity", "");
    private final ReadOnlyStringWrapper message = new ReadOnlyStringWrapper(this, "message", "");
    private volatile Gateway gateway;

    public GatewayViewModel(SpoonCore core, TaskExecutor executor) {
        this.core = core;
        this.executor = executor;
    }

    public ReadOnlyObjectProperty<State> stateProperty() {
        return state;
    }

    /** {@code http://127.0.0.1:8787} while running, else "". */
    public ReadOnlyStringProperty urlProperty() {
        return url.getReadOnlyProperty();
    }

    /** The token clients must send, or "" when none is configured (loopback only). */
    public ReadOnlyStringProperty tokenProperty() {
        return token.getReadOnlyProperty();
    }

    /** Environment settings that point the OpenAI and Anthropic SDKs at the gateway, one per line. */
    public ReadOnlyStringProperty clientSettingsProperty() {
        return clientSettings.getReadOnlyProperty();
    }

    /** "12 calls · 1 in flight · 0 errors" while running. */
    public ReadOnlyStringProperty activityProperty() {
        return activity.getReadOnlyProperty();
    }

    /** Why the gateway could not start (port in use…), or "". */
    public ReadOnlyStringProperty messageProperty() {
        return message.getReadOnlyProperty();
    }

    /** Starts or stops the gateway, as the switch says. */
    public void setOn(boolean on) {
        if (on) {
            start();
        } else {
            stop();
        }
    }

    /** Starts the gateway with the configuration's {@code [gateway]} settings (no-op unless stopped or failed). */
    public void start() {
        if (state.get() != State.STOPPED && state.get() != State.FAILED) {
            return;
        }
        state.set(State.STARTING);
        message.set("");
        GatewayConfig settings = core.configuration().config().gateway() != null
                ? core.configuration().config().gateway() : GatewayConfig.DEFAULT;
        executor.submit(() -> Gateway.start(core, settings)).whenComplete((g, e) -> executor.ui(() -> {
            if (e != null) {
                state.set(State.FAILED);
                Throwable c = e instanceof java.util.concurrent.CompletionException && e.getCause() != null
                        ? e.getCause() : e;
                message.set(c instanceof LlmException le ? le.getMessage() : String.valueOf(c.getMessage()));
                return;
            }
            gateway = g;
            state.set(State.RUNNING);
            url.set(g.url().toString());
            String t = g.settings().token();
            token.set(t == null ? "" : t);
            String key = t == null ? "any-value" : t;
            clientSettings.set("OPENAI_BASE_URL=" + g.url() + "/v1\nOPENAI_API_KEY=" + key
                    + "\nANTHROPIC_BASE_URL=" + g.url() + "\nANTHROPIC_API_KEY=" + key);
            refresh();
        }));
    }

    /**
     * Stops the gateway: it stops accepting at once and gives calls in flight up to {@link Gateway#GRACE}; the
     * wait runs on a thread of its own, never on the FX thread or the shared pool.
     */
    public CompletableFuture<Void> stop() {
        Gateway g = gateway;
        if (g == null || state.get() != State.RUNNING) {
            return CompletableFuture.completedFuture(null);
        }
        gateway = null;
        state.set(State.STOPPING);
        CompletableFuture<Void> done = new CompletableFuture<>();
        Thread t = new Thread(() -> {
            g.close();
            done.complete(null);
        }, "spoon-gateway-stop");
        t.setDaemon(true);
        t.start();
        return done.whenComplete((v, e) -> executor.ui(() -> {
            state.set(State.STOPPED);
            url.set("");
            token.set("");
            clientSettings.set("");
            activity.set("");
        }));
    }

    /** Reads the gateway's counters into {@link #activityProperty()} (cheap: a few atomic reads). */
    public void refresh() {
        Gateway g = gateway;
        if (g == null) {
            return;
        }
        GatewayStats s = g.stats();
        long calls = s.calls();
        activity.set(calls + (calls == 1 ? " call" : " calls") + " \u00B7 " + s.inFlight() + " in flight \u00B7 "
                + s.errors() + (s.errors() == 1 ? " error" : " errors"));
    }

    /** The running gateway, or null (tests). */
    Gateway gateway() {
        return gateway;
    }

    /** Stops the gateway without waiting for calls in flight beyond its grace (window closing). */
    @Override
    public void close() {
        Gateway g = gateway;
        gateway = null;
        if (g != null) {
            g.close();
        }
    }
}
