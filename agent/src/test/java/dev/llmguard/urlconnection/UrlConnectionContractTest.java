package dev.llmguard.urlconnection;

import dev.llmguard.config.GuardConfig;
import dev.llmguard.contract.AdapterContract;
import dev.llmguard.core.events.GuardEvents;
import dev.llmguard.core.guard.RequestGuard;
import dev.llmguard.log.GuardLog;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.lang.instrument.Instrumentation;
import java.net.HttpURLConnection;
import java.net.URL;
import java.nio.charset.StandardCharsets;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import net.bytebuddy.agent.ByteBuddyAgent;
import dev.llmguard.instrument.AdviceTransformer;
import dev.llmguard.instrument.TypeInstrumentation;
import java.lang.instrument.ClassFileTransformer;
import java.util.Collections;

/**
 * {@code HttpURLConnection} under the contract, with the real advice: the test attaches to its own
 * JVM and installs this one instrumentation (the hook is defined inside java.base as the agent
 * does), so the application code below is plain JDK code. An application's connection is sent once
 * at most: "one-shot" is a body longer than the capture bound.
 */
class UrlConnectionContractTest extends AdapterContract {
    private static final UrlConnectionInstrumentation INSTRUMENTATION = new UrlConnectionInstrumentation();
    private static volatile boolean installed;
    private volatile HttpURLConnection current;

    private static synchronized void install(RequestGuard guard) {
        INSTRUMENTATION.activate(guard, null);
        if (!installed) {
            Instrumentation instrumentation = ByteBuddyAgent.install();
            ClassFileTransformer transformer = new AdviceTransformer(Collections.<TypeInstrumentation>singletonList(INSTRUMENTATION),
                    instrumentation, GuardLog.create(GuardConfig.LogLevel.WARN));
            instrumentation.addTransformer(transformer, true);
            try {
                for (String name : INSTRUMENTATION.typeNames()) {
                    instrumentation.retransformClasses(Class.forName(name)); // already loaded, or just now
                }
            } catch (Exception e) {
                throw new IllegalStateException(e);
            }
            installed = true;
        }
    }

    @Override
    protected void activate(GuardConfig config) {
        install(new RequestGuard(config, new GuardEvents(GuardLog.create(GuardConfig.LogLevel.WARN))));
    }

    @Override
    protected void deactivate() {
        INSTRUMENTATION.activate(null, null);
    }

    @Override
    protected boolean hasCallTimeout() {
        return false; // the connection's timeouts bound each attempt only
    }

    @Override
    protected Seen send(AppCall call) throws Exception {
        try {
            return seen(call);
        } catch (IOException e) {
            return new Seen(e, Thread.currentThread().isInterrupted());
        }
    }

    private Seen seen(AppCall call) throws IOException {
        if (call.oneShot) {
            activate(fast().maxBodyCaptureBytes(call.body.length - 1).build()); // too long to hold: sent once
        }
        HttpURLConnection c = (HttpURLConnection) new URL(url(call.path)).openConnection();
        current = c;
        c.setRequestMethod("POST");
        c.setDoOutput(true);
        c.setRequestProperty("Content-Type", "application/json");
        try (OutputStream out = c.getOutputStream()) {
            out.write(call.body);
        }
        int status = c.getResponseCode();
        Map<String, String> headers = new LinkedHashMap<>();
        for (Map.Entry<String, List<String>> h : c.getHeaderFields().entrySet()) {
            if (h.getKey() != null) {
                headers.put(h.getKey(), h.getValue().get(0));
            }
        }
        InputStream in = status >= 400 ? c.getErrorStream() : c.getInputStream();
        String body = in == null ? "" : new String(in.readAllBytes(), StandardCharsets.UTF_8);
        return new Seen(status, body, headers);
    }

    @Override
    protected Running start(AppCall call) {
        CompletableFuture<Seen> seen = new CompletableFuture<>();
        Thread caller = new Thread(() -> {
            try {
                seen.complete(send(call));
            } catch (Exception e) {
                seen.completeExceptionally(e);
            }
        });
        caller.start();
        return new Running() {
            @Override
            public void cancel() {
                current.disconnect(); // what an application can do from another thread
            }

            @Override
            public void interrupt() {
                caller.interrupt();
            }

            @Override
            public Seen await(long millis) throws Exception {
                return seen.get(millis, TimeUnit.MILLISECONDS);
            }
        };
    }
}
