package dev.spoon.llm.providers.sim;

import java.util.concurrent.ScheduledExecutorService;

/**
 * The simulator's time: what "now" is and where its delays run (time to first token, token pacing, the
 * non-streamed answer's wait). {@link #system()} is real time on two shared daemon threads, so thousands of
 * concurrent streams cost no threads; a test passes a clock it moves by hand, so nothing waits and nothing
 * races.
 */
public interface SimClock {
    /** Now, in nanoseconds on this clock's own scale (compare only with other readings of it). */
    long nanoTime();

    /** Where the simulator schedules its steps. */
    ScheduledExecutorService scheduler();

    /** Real time: {@link System#nanoTime()} and two shared daemon threads named {@code spoon-sim-N}. */
    static SimClock system() {
        return SystemSimClock.INSTANCE;
    }
}
