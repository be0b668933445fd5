package dev.llmguard.core.exchange;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.IOException;
import java.io.InterruptedIOException;
import java.util.concurrent.atomic.AtomicBoolean;
import org.junit.jupiter.api.Test;

class WaiterTest {

    @Test
    void waitsAtLeastTheTimeAsked() throws IOException {
        long start = System.nanoTime();
        Waiter.await(120, CallControl.NONE);
        assertThat((System.nanoTime() - start) / 1_000_000).isGreaterThanOrEqualTo(119);
    }

    @Test
    void stopsAtOnceWhenTheCallIsCancelled() throws Exception {
        AtomicBoolean canceled = new AtomicBoolean();
        CallControl control = new CallControl() {
            @Override
            public boolean isCanceled() {
                return canceled.get();
            }

            @Override
            public long remainingMillis() {
                return Long.MAX_VALUE;
            }
        };
        Thread canceller = new Thread(() -> {
            sleep(100);
            canceled.set(true);
        });
        canceller.start();
        long start = System.nanoTime();
        assertThatThrownBy(() -> Waiter.await(10_000, control)).isInstanceOf(IOException.class).hasMessage("Canceled");
        assertThat((System.nanoTime() - start) / 1_000_000).isLessThan(2_000);
        canceller.join();
    }

    @Test
    void stopsAtOnceWhenInterruptedAndKeepsTheFlag() throws Exception {
        Thread waiter = Thread.currentThread();
        Thread interrupter = new Thread(() -> {
            sleep(100);
            waiter.interrupt();
        });
        interrupter.start();
        long start = System.nanoTime();
        try {
            assertThatThrownBy(() -> Waiter.await(10_000, CallControl.NONE)).isInstanceOf(InterruptedIOException.class);
            assertThat((System.nanoTime() - start) / 1_000_000).isLessThan(2_000);
            assertThat(Thread.currentThread().isInterrupted()).as("interrupt flag kept").isTrue();
        } finally {
            Thread.interrupted();
            interrupter.join();
        }
    }

    private static void sleep(long millis) {
        try {
            Thread.sleep(millis);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }
}
