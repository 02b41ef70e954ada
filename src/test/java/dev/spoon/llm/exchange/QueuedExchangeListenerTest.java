package dev.spoon.llm.exchange;

import org.junit.jupiter.api.Test;

import java.time.Instant;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;

import static org.assertj.core.api.Assertions.assertThat;

class QueuedExchangeListenerTest {

    static Exchange exchange(String id, Map<String, String> tags) {
        return new Exchange(id, "p", "m", "POST", "http://x/", Map.of(), "{}", true, tags, Instant.now(), 0);
    }

    static ExchangeResult ok() {
        return new ExchangeResult(200, Map.of(), null, null, null, 0, 0, 0, false);
    }

    /** Records each event with the thread it ran on. */
    static final class Recorder implements ExchangeListener {
        final List<String> events = Collections.synchronizedList(new ArrayList<>());
        final List<String> threads = Collections.synchronizedList(new ArrayList<>());

        private void add(String e) {
            events.add(e);
            threads.add(Thread.currentThread().getName());
        }

        @Override
        public void onRequest(Exchange exchange) {
            add("request " + exchange.id());
        }

        @Override
        public void onResponseHeaders(Exchange exchange, int status, Map<String, List<String>> headers) {
            add("headers " + exchange.id() + " " + status);
        }

        @Override
        public void onChunk(Exchange exchange, String event, long arrivalNanos) {
            add("chunk " + exchange.id() + " " + event);
        }

        @Override
        public void onComplete(Exchange exchange, ExchangeResult result) {
            add("complete " + exchange.id());
        }
    }

    /**
     * The delivering thread sleeps when nothing is queued and is woken only then: producers racing with it
     * falling asleep must never leave an event undelivered (a lost wake-up would make a drain time out).
     */
    @Test
    void noEventIsStrandedWhenProducersRaceTheDeliveringThreadFallingAsleep() throws Exception {
        Recorder target = new Recorder();
        try (QueuedExchangeListener q = new QueuedExchangeListener("race-events", ex -> true, target)) {
            Exchange ex = exchange("r", Map.of());
            ExchangeListener l = q.create(ex);
            int producers = 4;
            int rounds = 2_000;
            List<Thread> threads = new ArrayList<>();
            for (int p = 0; p < producers; p++) {
                int id = p;
                threads.add(new Thread(() -> {
                    for (int i = 0; i < rounds; i++) {
                        l.onChunk(ex, id + ":" + i, i);
                        if (i % 100 == 0) {
                            Thread.yield(); // let the delivering thread run dry and fall asleep now and then
                        }
                    }
                }));
            }
            threads.forEach(Thread::start);
            for (Thread t : threads) {
                t.join();
            }
            for (int i = 0; i < 200; i++) { // a drain right as the thread falls asleep, many times
                l.onChunk(ex, "tail:" + i, i);
                assertThat(q.drain(5_000)).as("drain %d", i).isTrue();
                assertThat(target.events).hasSize(producers * rounds + i + 1);
            }
            assertThat(q.backlog()).isZero();
        }
    }

    @Test
    void eventsReachTheTargetInOrderOnItsOwnThreadAfterADrain() {
        Recorder target = new Recorder();
        try (QueuedExchangeListener q = new QueuedExchangeListener("test-events", ex -> true, target)) {
            Exchange ex = exchange("a", Map.of());
            ExchangeListener l = q.create(ex);
            l.onRequest(ex);
            l.onResponseHeaders(ex, 200, Map.of());
            for (int i = 0; i < 1000; i++) {
                l.onChunk(ex, "e" + i, i);
            }
            l.onComplete(ex, ok());
            assertThat(q.drain(5_000)).isTrue();
            assertThat(target.events).hasSize(1003);
            assertThat(target.events.get(0)).isEqualTo("request a");
            assertThat(target.events.get(1)).isEqualTo("headers a 200");
            for (int i = 0; i < 1000; i++) {
                assertThat(target.events.get(2 + i)).isEqualTo("chunk a e" + i);
            }
            assertThat(target.events.get(1002)).isEqualTo("complete a");
            assertThat(target.threads).containsOnly("test-events");
        }
    }

    @Test
    void theCallingThreadOnlyQueues() throws Exception {
        CountDownLatch release = new CountDownLatch(1);
        CountDownLatch entered = new CountDownLatch(1);
        ExchangeListener slow = new ExchangeListener() {
            @Override
            public void onRequest(Exchange exchange) {
                entered.countDown();
                try {
                    release.await();
                } catch (InterruptedException e) {
                    Thread.currentThread().interrupt();
                }
            }
        };
        try (QueuedExchangeListener q = new QueuedExchangeListener("test-slow", ex -> true, slow)) {
            Exchange ex = exchange("b", Map.of());
            ExchangeListener l = q.create(ex);
            l.onRequest(ex); // the target blocks on its own thread; the caller goes on
            assertThat(entered.await(5, TimeUnit.SECONDS)).isTrue();
            l.onChunk(ex, "x", 1);
            l.onComplete(ex, ok());
            assertThat(q.backlog()).isEqualTo(2);
            assertThat(q.drain(0)).isFalse(); // not delivered yet: the target is still busy
            release.countDown();
            assertThat(q.drain(5_000)).isTrue();
            assertThat(q.backlog()).isZero();
        }
    }

    @Test
    void aThrowingTargetLosesOnlyThatEvent() {
        Recorder target = new Recorder();
        ExchangeListener flaky = new ExchangeListener() {
            @Override
            public void onChunk(Exchange exchange, String event, long arrivalNanos) {
                if (event.equals("boom")) {
                    throw new IllegalStateException("listener bug");
                }
                target.onChunk(exchange, event, arrivalNanos);
            }
        };
        try (QueuedExchangeListener q = new QueuedExchangeListener("test-flaky", ex -> true, flaky)) {
            Exchange ex = exchange("c", Map.of());
            ExchangeListener l = q.create(ex);
            l.onChunk(ex, "one", 1);
            l.onChunk(ex, "boom", 2);
            l.onChunk(ex, "two", 3);
            assertThat(q.drain(5_000)).isTrue();
            assertThat(target.events).containsExactly("chunk c one", "chunk c two");
        }
    }

    @Test
    void exchangesItDoesNotAcceptGetNoListenerAndAClosedQueueTakesNothing() {
        Recorder target = new Recorder();
        QueuedExchangeListener q = new QueuedExchangeListener("test-filter", ex -> ex.tags().containsKey("keep"),
                target);
        assertThat(q.create(exchange("d", Map.of()))).isSameAs(ExchangeListener.NONE);
        Exchange kept = exchange("e", Map.of("keep", "1"));
        ExchangeListener l = q.create(kept);
        assertThat(l).isNotSameAs(ExchangeListener.NONE);
        l.onRequest(kept);
        q.close(); // delivers what was queued
        assertThat(target.events).containsExactly("request e");
        l.onComplete(kept, ok());
        assertThat(q.create(kept)).isSameAs(ExchangeListener.NONE);
        assertThat(q.drain(1_000)).isTrue();
        assertThat(target.events).containsExactly("request e");
    }
}
