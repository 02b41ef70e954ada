package dev.spoon.workbench.chat;

import dev.spoon.workbench.RequestParameters;
import javafx.beans.binding.Bindings;
import javafx.beans.binding.StringBinding;
import javafx.beans.property.ReadOnlyObjectProperty;
import javafx.beans.property.ReadOnlyObjectWrapper;
import javafx.beans.property.SimpleStringProperty;
import javafx.beans.property.StringProperty;

/**
 * What the next chat request asks for: provider, model, system prompt, and temperature and max tokens as
 * the user typed them. A field that does not hold a valid value is a {@link #problemBinding() problem}
 * that blocks sending (and says why) instead of being silently left out of the request.
 *
 * <p>Thread rules: UI thread only.
 */
public final class ChatSettings {
    private final StringProperty provider = new SimpleStringProperty(this, "provider");
    private final StringProperty model = new SimpleStringProperty(this, "model", "");
    private final StringProperty system = new SimpleStringProperty(this, "system", "");
    private final StringProperty temperatureText = new SimpleStringProperty(this, "temperatureText", "");
    private final StringProperty maxTokensText = new SimpleStringProperty(this, "maxTokensText", "");
    private final ReadOnlyObjectWrapper<RequestParameters.Parsed<Double>> temperature =
            new ReadOnlyObjectWrapper<>(this, "temperature", RequestParameters.temperature(""));
    private final ReadOnlyObjectWrapper<RequestParameters.Parsed<Integer>> maxTokens =
            new ReadOnlyObjectWrapper<>(this, "maxTokens", RequestParameters.maxTokens(""));
    private final StringBinding problem;

    ChatSettings() {
        temperatureText.addListener((o, a, b) -> temperature.set(RequestParameters.temperature(b)));
        maxTokensText.addListener((o, a, b) -> maxTokens.set(RequestParameters.maxTokens(b)));
        problem = Bindings.createStringBinding(() -> temperature.get().ok() ? maxTokens.get().problem()
                : temperature.get().problem(), temperature, maxTokens);
    }

    /** The model asked for, or null for the provider's default. */
    String modelOrNull() {
        String m = model.get();
        return m == null || m.isBlank() ? null : m.strip();
    }

    /** Sets both fields from saved values (null: blank). */
    void setParameters(Double t, Integer max) {
        temperatureText.set(RequestParameters.text(t));
        maxTokensText.set(RequestParameters.text(max));
    }

    public StringProperty providerProperty() {
        return provider;
    }

    public StringProperty modelProperty() {
        return model;
    }

    public StringProperty systemProperty() {
        return system;
    }

    /** The temperature field's text (blank: the provider's default). */
    public StringProperty temperatureTextProperty() {
        return temperatureText;
    }

    /** The max-tokens field's text (blank: the provider's default). */
    public StringProperty maxTokensTextProperty() {
        return maxTokensText;
    }

    /** The temperature field read: its value, or what is wrong with it. */
    public ReadOnlyObjectProperty<RequestParameters.Parsed<Double>> temperatureProperty() {
        return temperature.getReadOnlyProperty();
    }

    /** The max-tokens field read: its value, or what is wrong with it. */
    public ReadOnlyObjectProperty<RequestParameters.Parsed<Integer>> maxTokensProperty() {
        return maxTokens.getReadOnlyProperty();
    }

    /** Why a request cannot be sent as set (a field that does not hold a valid value), or null. */
    public StringBinding problemBinding() {
        return problem;
    }
}
