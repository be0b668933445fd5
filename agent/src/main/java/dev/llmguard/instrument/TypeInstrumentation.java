package dev.llmguard.instrument;

import java.util.List;
import net.bytebuddy.agent.builder.AgentBuilder;

/**
 * One client's instrumentation: the types it changes (by name: the agent hands Byte Buddy no
 * other class) and the advice it adds to them. The installer walks the list in
 * {@code dev.llmguard.agent.Instrumentations}; adding a client is one more entry there.
 */
public interface TypeInstrumentation {
    /** Every type {@link #apply} changes, by binary name. */
    List<String> typeNames();

    /** Adds this instrumentation's type matchers and advice. */
    AgentBuilder apply(AgentBuilder agentBuilder);
}
