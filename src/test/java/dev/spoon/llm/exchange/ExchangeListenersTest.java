package dev.spoon.llm.exchange;

import org.junit.jupiter.api.Test;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;

import static dev.spoon.llm.exchange.QueuedExchangeListenerTest.exchange;
import static dev.spoon.llm.exchange.QueuedExchangeListenerTest.ok;
import static org.assertj.core.api.Assertions.assertThat;

class ExchangeListenersTest {

    @Test
    void eachFactoryMakesTheListenerOfEachExchange() {
        ExchangeListeners listeners = new ExchangeListeners();
        assertThat(listeners.isEmpty()).isTrue();
        assertThat(listeners.create(exchange("a", Map.of()))).isSameAs(ExchangeListener.NONE);
        List<String> made = new ArrayList<>();
        QueuedExchangeListenerTest.Recorder all = new QueuedExchangeListenerTest.Recorder();
        QueuedExchangeListenerTest.Recorder tagged = new QueuedExchangeListenerTest.Recorder();
        listeners.add(ex -> {
            made.add(ex.id());
            return all;
        });
        listeners.add(ex -> ex.tags().containsKey("round") ? tagged : ExchangeListener.NONE);
        assertThat(listeners.isEmpty()).isFalse();

        Exchange plain = exchange("p", Map.of());
        Exchange round = exchange("r", Map.of("round", "1"));
        listeners.create(plain).onRequest(plain);
        ExchangeListener l = listeners.create(round);
        l.onRequest(round);
        l.onComplete(round, ok());
        assertThat(made).containsExactly("p", "r");
        assertThat(all.events).containsExactly("request p", "request r", "complete r");
        assertThat(tagged.events).containsExactly("request r", "complete r");
    }

    @Test
    void aThrowingFactoryOrListenerBreaksNeitherTheCallNorTheOthers() {
        QueuedExchangeListenerTest.Recorder good = new QueuedExchangeListenerTest.Recorder();
        ExchangeListener bad = new ExchangeListener() {
            @Override
            public void onChunk(Exchange exchange, String event, long arrivalNanos) {
                throw new IllegalStateException("listener bug");
            }
        };
        ExchangeListeners listeners = ExchangeListeners.of(ex -> {
            throw new IllegalStateException("factory bug");
        }, ex -> bad, ex -> good);
        Exchange ex = exchange("x", Map.of());
        ExchangeListener l = listeners.create(ex);
        l.onChunk(ex, "data", 1);
        assertThat(good.events).containsExactly("chunk x data");
    }

    @Test
    void aRemovedFactoryHearsNoLaterExchange() {
        QueuedExchangeListenerTest.Recorder r = new QueuedExchangeListenerTest.Recorder();
        ExchangeListener.Factory f = ex -> r;
        ExchangeListeners listeners = ExchangeListeners.of(f);
        listeners.remove(f);
        assertThat(listeners.isEmpty()).isTrue();
        assertThat(listeners.create(exchange("y", Map.of()))).isSameAs(ExchangeListener.NONE);
    }
}
