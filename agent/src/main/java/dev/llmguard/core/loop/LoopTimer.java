package dev.llmguard.core.loop;

import java.util.concurrent.ScheduledFuture;
import java.util.concurrent.ScheduledThreadPoolExecutor;
import java.util.concurrent.TimeUnit;

/**
 * The one thread the asynchronous loop waits on: a daemon scheduler, created when the first
 * asynchronous wait needs it, so no caller's or client's thread is ever parked for a wait.
 * The scheduled work is short (admit a step, start an attempt); attempts themselves run on the
 * client's own threads.
 */
final class LoopTimer {
    private LoopTimer() {
    }

    private static final class Holder {
        static final ScheduledThreadPoolExecutor EXECUTOR = create();

        private static ScheduledThreadPoolExecutor create() {
            ScheduledThreadPoolExecutor executor = new ScheduledThreadPoolExecutor(1, AgentThreads.named("llm-guard-timer"));
            executor.setRemoveOnCancelPolicy(true); // a cancelled wait keeps no memory
            return executor;
        }
    }

    static ScheduledFuture<?> schedule(Runnable task, long delayNanos) {
        return Holder.EXECUTOR.schedule(task, delayNanos, TimeUnit.NANOSECONDS);
    }
}
